package understand

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// NIBLength is how many digits a NIB has.
const NIBLength = 13

// NIBLengthError is returned by ParseNIB when digits were typed but not
// 13 of them. errors.Is(err, ErrNIBLength) holds; errors.As gives Got.
type NIBLengthError struct {
	Got int // how many digits the owner typed
}

func (e NIBLengthError) Error() string {
	return "understand: NIB must have 13 digits, got " + strconv.Itoa(e.Got)
}

// Is makes errors.Is(err, ErrNIBLength) true.
func (e NIBLengthError) Is(target error) bool { return target == ErrNIBLength }

// nibLabels may stand before the digits: "NIB: 1234...", "no nib 1234...".
var nibLabels = []string{"nomor nib", "no. nib", "no nib", "nib saya", "nib nya", "nibnya", "nib", "nomor", "no.", "no"}

// noneWords say "I have no NIB (yet)"; nibNoneTriggers must be among them.
var nibNoneWords = map[string]bool{
	"belum": true, "tidak": true, "ada": true, "punya": true, "nanti": true, "lagi": true, "diurus": true,
	"urus": true, "mengurus": true, "pengurusan": true, "proses": true, "diproses": true, "sedang": true,
	"dalam": true, "kosong": true, "no": true, "none": true, "not": true, "yet": true, "dont": true,
	"have": true, "tahu": true, "sementara": true, "akan": true, "mau": true, "dibuat": true, "buat": true,
	"bikin": true, "daftar": true, "nib": true, "saya": true, "nya": true, "masih": true, "juga": true,
	"ya": true, "itu": true, "ini": true, "dulu": true, "kami": true, "usaha": true, "saja": true,
	"sama": true, "sekali": true, "pernah": true, "n": true, "a": true, "na": true, "tak": true,
	"i": true, "an": true, "yang": true, "one": true, "do": true, "nothing": true, "g": true, "any": true,
}

var nibNoneTriggers = map[string]bool{
	"belum": true, "tidak": true, "nanti": true, "kosong": true, "no": true, "none": true, "not": true,
	"diurus": true, "proses": true, "diproses": true, "mengurus": true, "pengurusan": true, "tak": true,
	"dont": true, "na": true, "n": true, "nothing": true, "g": true,
}

// ParseNIB accepts a 13-digit NIB; spaces, dashes, dots and a leading
// label ("NIB:") may stand between or before the digits. none is true
// when the owner says there is no NIB (yet): "belum punya", "blm", "tidak
// ada", "gak punya", "-", "nanti", "lagi diurus", "masih proses"... Digits
// but not 13 -> NIBLengthError (errors.Is ErrNIBLength); letters or other
// characters -> ErrNIBFormat.
func ParseNIB(s string) (nib string, none bool, err error) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	t := strings.TrimSpace(strings.ToLower(s))
	if !hasDigit(t) {
		if isNoNIB(t) {
			return "", true, nil
		}
		return "", false, ErrNIBFormat
	}
	nib, count, ok := digitsOf(stripLabel(t, nibLabels), NIBLength)
	if !ok {
		return "", false, ErrNIBFormat
	}
	if count != NIBLength {
		return "", false, NIBLengthError{Got: count}
	}
	return nib, false, nil
}

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 0xff10 && r <= 0xff19 {
			return true
		}
	}
	return false
}

// isNoNIB reports whether text (lowercase, no digits) says there is no NIB.
func isNoNIB(t string) bool {
	if t != "" && strings.Trim(t, "-–—._/ ") == "" {
		return true // "-", "--", "—", "..."
	}
	words := strings.Fields(Normalize(t))
	if len(words) == 0 || len(words) > 12 {
		return false
	}
	trigger := false
	for _, w := range words {
		if !nibNoneWords[w] {
			return false
		}
		trigger = trigger || nibNoneTriggers[w]
	}
	return trigger
}
