package understand

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// NIKLength is how many digits a NIK (the KTP number) has.
const NIKLength = 16

// NIKLengthError is returned by ParseNIK when digits were typed but not
// 16 of them. errors.Is(err, ErrNIKLength) holds; errors.As gives Got.
type NIKLengthError struct {
	Got int // how many digits the owner typed
}

func (e NIKLengthError) Error() string {
	return "understand: NIK must have 16 digits, got " + strconv.Itoa(e.Got)
}

// Is makes errors.Is(err, ErrNIKLength) true.
func (e NIKLengthError) Is(target error) bool { return target == ErrNIKLength }

// nikLabels may stand before the digits: "NIK: 7471...", "no ktp 7471...".
var nikLabels = []string{"nomor nik", "no. nik", "no nik", "nik saya", "niknya", "nik", "nomor ktp", "no. ktp",
	"no ktp", "ktp saya", "ktp", "nomor", "no."}

// ParseNIK accepts a 16-digit NIK; spaces, dots and dashes may stand
// between the digits, and a label ("NIK:", "no ktp") before them. It
// checks what can be checked without Dukcapil: 16 digits (NIKLengthError),
// a province code (11-96), a possible birth date in digits 7-12 (day
// 1-31, or 41-71 for women; month 1-12; the day existing in that month
// of some year) and a serial from 0001 (ErrNIKInvalid). Kota Kendari's
// 7471 is common, but a NIK shows where it was first issued: any region
// is accepted. Letters or other characters give ErrNIKFormat.
func ParseNIK(s string) (string, error) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	t := strings.TrimSpace(strings.ToLower(s))
	t = stripLabel(t, nikLabels)
	if !hasDigit(t) {
		return "", ErrNIKFormat
	}
	nik, count, ok := digitsOf(t, NIKLength)
	if !ok {
		return "", ErrNIKFormat
	}
	if count != NIKLength {
		return "", NIKLengthError{Got: count}
	}
	if !validNIK(nik) {
		return "", ErrNIKInvalid
	}
	return nik, nil
}

// validNIK checks the province, the birth date and the serial of 16 digits.
func validNIK(nik string) bool {
	two := func(i int) int { return int(nik[i]-'0')*10 + int(nik[i+1]-'0') }
	if p := two(0); p < 11 || p > 96 {
		return false
	}
	day, month := two(6), two(8)
	if day > 40 {
		day -= 40
	}
	if day < 1 || month < 1 || month > 12 {
		return false
	}
	// The day must exist in that month of some year: 29 February is
	// possible (a leap year), 30 February is not.
	if day > time.Date(2024, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return false
	}
	return nik[12:] != "0000"
}

// MaskNIK shows a NIK as its region and its serial only: 7471********0001.
// Anything not a 16-digit NIK is masked whole.
func MaskNIK(nik string) string {
	if len(nik) != NIKLength {
		return strings.Repeat("*", utf8.RuneCountInString(nik))
	}
	return nik[:4] + strings.Repeat("*", 8) + nik[12:]
}
