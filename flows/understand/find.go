package understand

import (
	"errors"
	"strings"
	"unicode"
)

// FindPhone reads a mobile number out of an answer that says more than
// the number: "nomor sy 0812 ...", "0813 4567 8901 ya", "081345678901
// (wa)", "0812... / 0852..." (the first), or the digits said as words,
// "nol delapan satu dua ...". The number itself must be one ParsePhone
// accepts; the error is ParsePhone's on the whole answer.
func FindPhone(s string) (string, error) {
	p, err := ParsePhone(s)
	if err == nil {
		return p, nil
	}
	for _, cand := range numberReadings(s) {
		if q, qerr := ParsePhone(cand); qerr == nil {
			return q, nil
		}
	}
	return "", err
}

// FindNIB is ParseNIB for an answer that says more than the NIB: "NIB sy
// 9120...", "nomor nib saya 9120... pak", digits said as words, or "belum
// punya 🙏". When no reading is a NIB, the error says how many digits the
// number had, if the answer held one.
func FindNIB(s string) (nib string, none bool, err error) {
	nib, none, err = ParseNIB(s)
	if err == nil || none {
		return nib, none, err
	}
	if _, none2, _ := ParseNIB(wordsOnly(s)); none2 {
		return "", true, nil
	}
	for _, cand := range numberReadings(s) {
		n, _, cerr := ParseNIB(cand)
		if cerr == nil {
			return n, false, nil
		}
		if errors.Is(cerr, ErrNIBLength) && errors.Is(err, ErrNIBFormat) {
			err = cerr // "NIB sy 912000": six digits, not "letters"
		}
	}
	return "", false, err
}

// numberReadings are the ways an answer may hold one number: the span
// from its first to its last digit, the first of several numbers, and
// the digits said as words after any lead-in. A reading starts at a "+"
// or a digit and always holds a digit: a "+" alone ("y+", "nib+ belum,
// 12") starts no number.
func numberReadings(s string) []string {
	var out []string
	if i, j := strings.IndexAny(s, "+0123456789"), strings.LastIndexAny(s, "0123456789"); i >= 0 && j >= i {
		out = append(out, s[i:j+1])
	}
	for _, sep := range []string{"/", ",", ";", " atau ", " dan ", " or "} {
		if first, _, ok := strings.Cut(s, sep); ok {
			if i := strings.IndexAny(first, "+0123456789"); i >= 0 && hasDigit(first[i:]) {
				out = append(out, first[i:])
			}
		}
	}
	if d := spokenDigits(s); d != "" {
		out = append(out, d)
	}
	return out
}

// spokenDigits reads a number said digit by digit ("nol delapan satu
// ..."), after any words that lead it in, or returns "".
func spokenDigits(s string) string {
	fields := strings.Fields(Normalize(s))
	digit := func(w string) (byte, bool) {
		if a, ok := numWords[w]; ok && a.kind == nkUnit {
			return byte('0' + a.val), true
		}
		return 0, false
	}
	for len(fields) > 0 { // skip the lead-in
		if _, ok := digit(fields[0]); ok || strings.Trim(fields[0], "0123456789+") == "" {
			break
		}
		fields = fields[1:]
	}
	var b strings.Builder
	said := false
	for _, w := range fields {
		if d, ok := digit(w); ok {
			b.WriteByte(d)
			said = true
			continue
		}
		if strings.Trim(w, "0123456789+") != "" {
			return ""
		}
		b.WriteString(w)
	}
	if !said {
		return ""
	}
	return b.String()
}

// wordsOnly keeps the letters, digits and spaces of s: emoji and symbols
// around a short answer do not change what it says.
func wordsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
			return r
		}
		return ' '
	}, s)
}
