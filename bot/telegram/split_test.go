package telegram

import (
	"strings"
	"testing"
)

func TestSplitText(t *testing.T) {
	para := func(c string, n int) string { return strings.Repeat(c, n) }
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "halo", 10, []string{"halo"}},
		{"exact", "0123456789", 10, []string{"0123456789"}},
		{"paragraphs", "aaaa\n\nbbbb\n\ncccc", 10, []string{"aaaa\n\nbbbb", "cccc"}},
		{"lines before spaces", "aaa bbb\ncc dd ee", 10, []string{"aaa bbb", "cc dd ee"}},
		{"spaces", "aaa bbb ccc ddd", 10, []string{"aaa bbb", "ccc ddd"}},
		{"one long word", para("x", 25), 10, []string{para("x", 10), para("x", 10), para("x", 5)}},
		{"surrogate pairs count twice", "😀😀😀😀😀😀", 5, []string{"😀😀", "😀😀", "😀😀"}},
		{"no empty parts", "aaaa\n\n\n\nbbbb", 6, []string{"aaaa", "bbbb"}},
	}
	for _, tc := range tests {
		got := splitText(tc.text, tc.limit)
		if strings.Join(got, "¦") != strings.Join(tc.want, "¦") {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		for _, p := range got {
			if utf16Len(p) > tc.limit {
				t.Errorf("%s: part of %d units over %d", tc.name, utf16Len(p), tc.limit)
			}
		}
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("aaaa\n\nbbbb cccc", 7)
	f.Add("😀x😀 y", 3)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 2 || limit > 100 {
			return
		}
		parts := splitText(text, limit)
		if len(parts) == 0 {
			t.Fatal("no parts")
		}
		kept := 0
		for _, p := range parts {
			if utf16Len(p) > limit {
				t.Fatalf("part %q over %d units", p, limit)
			}
			kept += len(strings.Join(strings.Fields(p), ""))
		}
		if kept != len(strings.Join(strings.Fields(text), "")) {
			t.Fatalf("split %q into %q: text lost", text, parts)
		}
	})
}
