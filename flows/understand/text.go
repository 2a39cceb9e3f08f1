package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseText checks free text such as products or an address. It repairs
// invalid UTF-8, drops control and invisible format characters (keeping
// the zero-width joiner inside emoji), collapses whitespace (new lines
// included) to single spaces and trims. Then, in this order:
//   - no letter or digit at all -> ErrEmpty;
//   - more than maxRunes runes -> ErrTooLong (maxRunes <= 0: no limit);
//   - only a yes/no answer or "don't know" ("iya", "tidak ada", "blm",
//     "gak tau") -> ErrNotAnswer;
//   - fewer than minRunes runes -> ErrTooShort.
//
// It returns the cleaned text with the owner's capitalization, or "" with
// an error.
func ParseText(s string, minRunes, maxRunes int) (string, error) {
	t := cleanText(s)
	if !hasLetterOrDigit(t) {
		return "", ErrEmpty
	}
	n := utf8.RuneCountInString(t)
	if maxRunes > 0 && n > maxRunes {
		return "", ErrTooLong
	}
	if isAnswerOnly(strings.Fields(Normalize(t))) {
		return "", ErrNotAnswer
	}
	if n < minRunes {
		return "", ErrTooShort
	}
	return t, nil
}

// cleanText repairs UTF-8, drops control characters and invisible format
// characters except the zero-width joiner, turns runs of whitespace into
// one space and trims.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r) && r != '\u200d':
			// dropped
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// HasPhrase reports whether normalized text (Normalize) holds one of the
// phrases as whole words: "sudah saya bilang" holds "bilang", "bilangan"
// does not.
func HasPhrase(norm string, phrases ...string) bool {
	for _, p := range phrases {
		if hasWords(norm, p) {
			return true
		}
	}
	return false
}

// hasWords reports whether p stands in norm between spaces or its ends.
func hasWords(norm, p string) bool {
	if p == "" {
		return strings.Contains(norm, "  ") || norm == "" || norm[0] == ' ' || norm[len(norm)-1] == ' '
	}
	for from := 0; ; {
		i := strings.Index(norm[from:], p)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(p)
		if (i == 0 || norm[i-1] == ' ') && (end == len(norm) || norm[end] == ' ') {
			return true
		}
		from = i + 1
	}
}
