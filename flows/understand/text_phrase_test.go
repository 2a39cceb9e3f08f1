package understand

import (
	"strings"
	"testing"
)

// HasPhrase finds whole words exactly where padding both strings with
// spaces would.
func TestHasPhraseWholeWords(t *testing.T) {
	texts := []string{"", " ", "a", "bilang", "sudah saya bilang", "bilangan", "saya bilang lagi", "a  b", " a", "a ",
		"hapus data saya", "data", "datasaya", "mau terima pengumuman lagi", "pengumuman", "x pengumuman lagix"}
	phrases := []string{"", " ", "a", "bilang", "saya bilang", "data saya", "data", "pengumuman lagi", "a b", "b"}
	for _, n := range texts {
		for _, p := range phrases {
			want := strings.Contains(" "+n+" ", " "+p+" ")
			if got := HasPhrase(n, p); got != want {
				t.Errorf("HasPhrase(%q, %q) = %v, want %v", n, p, got, want)
			}
		}
	}
}

func FuzzHasPhrase(f *testing.F) {
	f.Add("sudah saya bilang", "bilang")
	f.Fuzz(func(t *testing.T, n, p string) {
		if want := strings.Contains(" "+n+" ", " "+p+" "); HasPhrase(n, p) != want {
			t.Fatalf("HasPhrase(%q, %q) = %v, want %v", n, p, !want, want)
		}
	})
}
