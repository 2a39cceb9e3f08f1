package understand

import (
	"strings"
	"unicode"
)

// stripLabel drops a label the owner typed before a number ("NIB:",
// "no ktp", "hp saya"): the first of labels t starts with, when what
// follows does not go on with letters.
func stripLabel(t string, labels []string) string {
	for _, l := range labels {
		if rest, ok := strings.CutPrefix(t, l); ok && (rest == "" || !isLetterStart(rest)) {
			return strings.TrimLeft(rest, " :=\t")
		}
	}
	return t
}

// digitsOf reads the digits of t, ASCII or full-width, keeping the first
// n and counting them all; spaces, dashes, dots, slashes and invisible
// format characters may stand between them. ok is false when anything
// else does.
func digitsOf(t string, n int) (digits string, count int, ok bool) {
	buf := make([]byte, 0, n)
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9', r >= 0xff10 && r <= 0xff19:
			if r > '9' {
				r = '0' + r - 0xff10
			}
			if count < n {
				buf = append(buf, byte(r))
			}
			count++
		case r == '-' || r == '.' || r == '/' || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) ||
			unicode.Is(unicode.Cf, r):
		default:
			return "", count, false
		}
	}
	return string(buf), count, true
}
