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
		"08123450999 / 085276543210":  "+628123450999",
		"wa sy (+62) 812/3450/9999":   "+6281234509999",
		"+62 (0)812-3450-9999 (wa)":   "+6281234509999",
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
