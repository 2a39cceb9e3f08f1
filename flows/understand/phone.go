package understand

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// mobileRe is the normalized form ParsePhone returns.
var mobileRe = regexp.MustCompile(`^\+628[1-9][0-9]{6,10}$`)

// phoneLabels may stand before the number: "no hp: 0812...", "WA 0812...".
var phoneLabels = []string{
	"nomor whatsapp", "no whatsapp", "nomor hp", "nomor wa", "no. hp", "no. wa", "no hp", "no wa", "no.",
	"whatsapp", "handphone", "telepon", "nomor", "nomer", "ponsel", "telp", "tlp", "hp", "wa", "no",
}

// ParsePhone accepts an Indonesian mobile number written with spaces,
// dashes, dots, slashes, underscores or parentheses ("(+62) 812/3450/9999",
// "+62 (0)812-3450-9999", "62-812-3450-9999"), as 08..., +62 8..., 62 8...,
// 628... (also 0062..., the stray 0 in "+62 0812..." and a leading label
// such as "no hp:"), and returns it as "+628...". After stripping it must match
// ^(\+62|62|0)8[1-9][0-9]{6,10}$. A fixed-line number such as Kendari's
// (0401) 312345 gives ErrPhoneLandline; anything else ErrPhoneFormat.
func ParsePhone(s string) (string, error) {
	if len(s) > 200 {
		return "", ErrPhoneFormat
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	t := stripLabel(strings.TrimSpace(strings.ToLower(s)), phoneLabels)
	var buf [32]byte
	digits := buf[:0]
	plus := false
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r >= 0xff10 && r <= 0xff19: // full-width digits
			digits = append(digits, byte('0'+r-0xff10))
		case r == '+' || r == '\uff0b':
			if plus || len(digits) > 0 {
				return "", ErrPhoneFormat
			}
			plus = true
		case isPhoneSeparator(r):
		default:
			return "", ErrPhoneFormat
		}
		if len(digits) > 20 {
			return "", ErrPhoneFormat
		}
	}
	d := string(digits)
	var nat string // national significant number, without 0 or 62
	switch {
	case plus:
		rest, ok := strings.CutPrefix(d, "62")
		if !ok {
			return "", ErrPhoneFormat
		}
		nat = rest
	case strings.HasPrefix(d, "0062"):
		nat = d[4:]
	case strings.HasPrefix(d, "62"):
		nat = d[2:]
	case strings.HasPrefix(d, "0"):
		nat = d[1:]
	default:
		return "", ErrPhoneFormat
	}
	if len(nat) > 1 && nat[0] == '0' && nat[1] == '8' && (plus || strings.HasPrefix(d, "62") || strings.HasPrefix(d, "0062")) {
		nat = nat[1:] // "+62 0812...": the 0 is not dialled after 62
	}
	if out := "+62" + nat; mobileRe.MatchString(out) {
		return out, nil
	}
	if len(nat) >= 7 && len(nat) <= 11 && nat[0] >= '2' && nat[0] <= '9' && nat[0] != '8' {
		return "", ErrPhoneLandline
	}
	return "", ErrPhoneFormat
}

// isPhoneSeparator reports whether r may group the digits of a phone
// number: spaces, dashes, dots, slashes, underscores, parentheses and
// brackets, in their ASCII and full-width forms, and invisible format
// characters.
func isPhoneSeparator(r rune) bool {
	switch r {
	case '-', '.', '(', ')', '[', ']', '/', '\\', '_',
		'\uff0e', '\uff08', '\uff09', '\uff0f', '\uff3f':
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || unicode.Is(unicode.Cf, r)
}

func isLetterStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}
