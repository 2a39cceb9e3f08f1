package understand

import (
	"strings"
	"testing"
)

func TestSelfCorrected(t *testing.T) {
	for in, want := range map[string]string{
		// corrected in the same message
		"poasia eh bukan, kambu":                    "kambu",
		"poasia eh bukan kambu":                     "kambu",
		"Poasia, eh bukan... Kambu":                 "Kambu",
		"POASIA EH BUKAN KAMBU":                     "KAMBU",
		"Budi eh salah, Wa Ode Sitti":               "Wa Ode Sitti",
		"2 eh salah 3":                              "3",
		"mandonga eh maaf, wua-wua":                 "wua-wua",
		"baruga maksudnya kadia":                    "kadia",
		"abon ikan, maksud sy abon ikan tuna":       "abon ikan tuna",
		"0812 3456 7890 ralat: 0812 3456 7891":      "0812 3456 7891",
		"0812 3456 7890 eh salah +62 813 4000 1111": "+62 813 4000 1111",
		"iya eh bukan, tidak":                       "tidak",
		"kendari eh sorry, kendari barat":           "kendari barat",
		"poasia eh bukan, kambu eh salah, kadia":    "kadia",
		"kambu salah ketik, kambu":                  "kambu",
		"kadia, eh, bukan: baruga 🙏":                "baruga 🙏",
		"jl. sao sao no 12 eh salah no 21":          "no 21",
		"poasia ehhh bukaaan, kambu":                "kambu",
		"poasia EH SALAAAH kambu":                   "kambu",
		"Poasia Maksud Sy Kambu":                    "Kambu",
		// nothing to correct
		"kambu":                   "kambu",
		"maksudnya apa?":          "maksudnya apa?",
		"ralat: kambu":            "ralat: kambu",
		"eh bukan, kambu":         "eh bukan, kambu",
		"poasia eh bukan":         "poasia eh bukan",
		"poasia eh bukan 🙏":       "poasia eh bukan 🙏",
		"bukan poasia tapi kambu": "bukan poasia tapi kambu",
		"Wa Ode Sitti":            "Wa Ode Sitti",
		"":                        "",
		"ehbukan kambu":           "ehbukan kambu",
		"Salah Satu Jaya":         "Salah Satu Jaya",
	} {
		if got := SelfCorrected(in); got != want {
			t.Errorf("SelfCorrected(%q) = %q, want %q", in, got, want)
		}
	}
	long := "kambu eh bukan poasia " + strings.Repeat("kambu ", 100)
	if got := SelfCorrected(long); got != long {
		t.Errorf("a long message was cut: %.40q", got)
	}
}

func FuzzSelfCorrected(f *testing.F) {
	for _, s := range []string{"poasia eh bukan, kambu", "maksudnya apa?", "\xffeh bukan\xfe x", "a eh salah"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SelfCorrected(s)
		if got != s && !strings.Contains(s, got) {
			t.Fatalf("SelfCorrected(%q) = %q: not a part of it", s, got)
		}
		if got != s && !hasLetterOrDigit(got) {
			t.Fatalf("SelfCorrected(%q) = %q: nothing left", s, got)
		}
	})
}

// The quick check lets every marker through, as typed and in capitals.
func TestMayCorrectItselfKnowsEveryMarker(t *testing.T) {
	for _, m := range selfCorrections {
		for _, s := range []string{"x " + strings.Join(m, " ") + " y", strings.ToUpper("x " + strings.Join(m, " ") + " y")} {
			if !mayCorrectItself(s) {
				t.Errorf("mayCorrectItself(%q) = false", s)
			}
			if got := SelfCorrected(s); got != "y" && got != "Y" {
				t.Errorf("SelfCorrected(%q) = %q", s, got)
			}
		}
	}
}
