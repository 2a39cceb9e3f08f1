package understand

import (
	"errors"
	"strings"
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

// typedDigits are the digits of s as typed, full-width ones as ASCII.
func typedDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 0xff10 && r <= 0xff19:
			b.WriteRune('0' + r - 0xff10)
		}
	}
	return b.String()
}

// saidDigits are the digits of s's normalized words in order, a digit
// word ("nol", "delapan", "nine") counting as its digit.
func saidDigits(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(Normalize(s)) {
		if a, ok := numWords[w]; ok && a.kind == nkUnit {
			b.WriteByte(byte('0' + a.val))
			continue
		}
		for _, r := range w {
			if r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// fromAnswer reports whether the digits ds stand together in s, typed or
// said as words: nothing found was made up.
func fromAnswer(ds, s string) bool {
	return strings.Contains(typedDigits(s), ds) || strings.Contains(saidDigits(s), ds)
}

func sameErr(a, b error) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Error() == b.Error()
}

// FuzzFindPhone: any bytes give either a "+628..." number whose digits
// the answer holds, or ParsePhone's error on the whole answer; never a
// panic ("y+", issue 8).
func FuzzFindPhone(f *testing.F) {
	for _, s := range []string{"y+", "nomor sy 0812.3456.7890", "0812345678 / 0813456789",
		"nol delapan satu dua tiga empat lima enam tujuh delapan sembilan", "(0401) 312345", "\xff+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := FindPhone(s)
		if again, err2 := FindPhone(s); again != got || !sameErr(err, err2) {
			t.Fatalf("FindPhone(%q) = %q, %v, then %q, %v", s, got, err, again, err2)
		}
		whole, wholeErr := ParsePhone(s)
		if wholeErr == nil && (got != whole || err != nil) {
			t.Fatalf("FindPhone(%q) = %q, %v; ParsePhone reads %q", s, got, err, whole)
		}
		if err != nil {
			if got != "" || !sameErr(err, wholeErr) {
				t.Fatalf("FindPhone(%q) = %q, %v; ParsePhone's error is %v", s, got, err, wholeErr)
			}
			return
		}
		if !phoneOut.MatchString(got) {
			t.Fatalf("FindPhone(%q) = %q: not +628 and 9 to 13 digits", s, got)
		}
		if !fromAnswer(got[3:], s) {
			t.Fatalf("FindPhone(%q) = %q: the answer does not hold %s", s, got, got[3:])
		}
		if again, err := FindPhone(got); again != got || err != nil {
			t.Fatalf("FindPhone(%q) = %q, but FindPhone(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

// FuzzFindNIB: any bytes give a 13-digit NIB the answer holds, "none",
// or an error; never a panic ("nib+", issue 8).
func FuzzFindNIB(f *testing.F) {
	for _, s := range []string{"nib+", "NIB sy 9120005556667", "belum punya 🙏", "NIB sy 912000",
		"nomor nib saya 9120 0055 5666 7 pak", "\xff+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nib, none, err := FindNIB(s)
		if again, none2, err2 := FindNIB(s); again != nib || none2 != none || !sameErr(err, err2) {
			t.Fatalf("FindNIB(%q) = %q, %v, %v, then %q, %v, %v", s, nib, none, err, again, none2, err2)
		}
		if whole, wholeNone, wholeErr := ParseNIB(s); (wholeErr == nil || wholeNone) &&
			(nib != whole || none != wholeNone || !sameErr(err, wholeErr)) {
			t.Fatalf("FindNIB(%q) = %q, %v, %v; ParseNIB reads %q, %v, %v", s, nib, none, err, whole, wholeNone, wholeErr)
		}
		switch {
		case none:
			if nib != "" || err != nil {
				t.Fatalf("FindNIB(%q) = %q, none, %v", s, nib, err)
			}
		case err == nil:
			if len(nib) != NIBLength || strings.Trim(nib, "0123456789") != "" {
				t.Fatalf("FindNIB(%q) = %q: not 13 digits", s, nib)
			}
			if !fromAnswer(nib, s) {
				t.Fatalf("FindNIB(%q) = %q: the answer does not hold it", s, nib)
			}
			if again, none, err := FindNIB(nib); again != nib || none || err != nil {
				t.Fatalf("FindNIB(%q) = %q, but FindNIB(%q) = %q, %v, %v", s, nib, nib, again, none, err)
			}
		default:
			var lerr NIBLengthError
			switch {
			case nib != "":
				t.Fatalf("FindNIB(%q) = %q with error %v", s, nib, err)
			case errors.As(err, &lerr):
				if lerr.Got == NIBLength || lerr.Got < 0 {
					t.Fatalf("FindNIB(%q): %v", s, err)
				}
			case !errors.Is(err, ErrNIBFormat):
				t.Fatalf("FindNIB(%q): unexpected error %v", s, err)
			}
		}
	})
}
