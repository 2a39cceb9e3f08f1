package understand

import (
	"slices"
	"strings"
	"testing"
)

func FuzzAppendFields(f *testing.F) {
	for _, s := range []string{"", " ", "a", "saya mau batal saja", "  a\tb\u00a0c\u2003d ", "\xff x \xfe"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max%20 + 1
		if max < 1 {
			max = -max + 1
		}
		want := strings.Fields(s)
		var buf [4]string
		got, more := AppendFields(buf[:0], s, max)
		if len(want) > max {
			if !more || !slices.Equal(got, want[:max]) {
				t.Fatalf("%q max %d: %q more %v, want %q and more", s, max, got, more, want[:max])
			}
			return
		}
		if more || !slices.Equal(got, want) && len(want)+len(got) > 0 {
			t.Fatalf("%q max %d: %q more %v, want %q", s, max, got, more, want)
		}
	})
}

// Splitting a short text into a buffer on the stack allocates nothing.
func TestAppendFieldsAllocatesNothing(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		var buf [8]string
		words, _ := AppendFields(buf[:0], "saya mau batal saja", 8)
		if len(words) != 4 {
			t.Fatal(len(words))
		}
	})
	if n != 0 {
		t.Errorf("%v allocations", n)
	}
}
