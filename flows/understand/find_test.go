package understand

import (
	"errors"
	"testing"
)

func TestFindPhone(t *testing.T) {
	for in, want := range map[string]string{
		"0812 3456 7890":              "+6281234567890",
		"nomor sy 0812.3456.7890":     "+6281234567890",
		"my number is 0812.3456.7890": "+6281234567890",
		"0813 4567 8901 ya":           "+6281345678901",
		"081345678901 (wa)":           "+6281345678901",
		"0813 2222 3333 🙏":            "+6281322223333",
		"0812345678 / 0813456789":     "+62812345678",
		"nol delapan satu dua tiga empat lima enam tujuh delapan sembilan":            "+628123456789",
		"nomor saya nol delapan satu tiga empat lima enam tujuh delapan sembilan nol": "+628134567890",
	} {
		if got, err := FindPhone(in); got != want || err != nil {
			t.Errorf("FindPhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "hp saya rusak", "0401 312345", "12345", "😀"} {
		if got, err := FindPhone(in); err == nil {
			t.Errorf("FindPhone(%q) = %q, want an error", in, got)
		}
	}
	if _, err := FindPhone("(0401) 312345"); !errors.Is(err, ErrPhoneLandline) {
		t.Errorf("a landline: %v, want ErrPhoneLandline", err)
	}
}

func TestFindNIB(t *testing.T) {
	for in, want := range map[string]string{
		"9120005556667":                    "9120005556667",
		"NIB sy 9120005556667":             "9120005556667",
		"nomor nib saya 9120005556667 pak": "9120005556667",
		"9120 0055 5666 7 🙏":               "9120005556667",
	} {
		if got, none, err := FindNIB(in); got != want || none || err != nil {
			t.Errorf("FindNIB(%q) = %q, %v, %v; want %q", in, got, none, err, want)
		}
	}
	for _, in := range []string{"belum punya", "belum punya 🙏", "blm ada 🙏🙏"} {
		if _, none, err := FindNIB(in); !none || err != nil {
			t.Errorf("FindNIB(%q): none=%v err=%v, want none", in, none, err)
		}
	}
	var length NIBLengthError
	if _, _, err := FindNIB("NIB sy 912000"); !errors.As(err, &length) {
		t.Errorf("six digits: %v, want NIBLengthError", err)
	}
}

// A "+" after the first character of an answer without a digit ("y+" at
// the phone question, "nib+" at the NIB question) is a wrong answer, not
// a crash (issue 8).
func TestFindPlusWithoutDigit(t *testing.T) {
	for _, in := range []string{
		"y+", "nib+", "ya+", "a+b", "+", "++", " +", "hp +", "wa+ aja", "y+ / n", "x+, y",
		"y+ nol", "nib+ belum", "y+\xff", "y\uff0b", "y+\uff10\uff18",
		"y+ n / 5", "nib+ belum, 12", "+ tidak ada; 0", // a first number with no digit
	} {
		t.Run(in, func(t *testing.T) {
			if got, err := FindPhone(in); err == nil {
				t.Errorf("FindPhone(%q) = %q, want an error", in, got)
			}
			if got, none, err := FindNIB(in); got != "" || err == nil && !none {
				t.Errorf("FindNIB(%q) = %q, %v, %v; want none or an error", in, got, none, err)
			}
		})
	}
	// A "+" before the number still leads it in.
	if got, err := FindPhone("nomor sy +62 812 3456 7890"); got != "+6281234567890" || err != nil {
		t.Errorf("FindPhone with a lead-in and +62: %q, %v", got, err)
	}
}
