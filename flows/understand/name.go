package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseName checks a person's or business name. It cleans the text like
// ParseText (repairs UTF-8, drops control characters, collapses spaces,
// trims) and keeps the owner's capitalization. Then:
//   - more than maxRunes runes -> ErrTooLong (maxRunes <= 0: no limit);
//   - fewer than 2 letters (empty, numbers only, emoji or symbols only),
//     a run of 6 or more digits (a phone number or NIB typed here), only
//     a yes/no answer ("iya", "tidak ada", "blm"), or a global command
//     ("menu", "batal", "bantuan") -> ErrNotAName.
//
// Names that merely start with such a word ("Bisa Jaya", "Sip Bakery")
// are accepted.
func ParseName(s string, maxRunes int) (string, error) {
	t := cleanText(s)
	if maxRunes > 0 && utf8.RuneCountInString(t) > maxRunes {
		return "", ErrTooLong
	}
	letters, digitRun, maxDigitRun := 0, 0, 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
		if unicode.IsDigit(r) {
			digitRun++
			maxDigitRun = max(maxDigitRun, digitRun)
		} else if !unicode.IsSpace(r) && r != '-' && r != '.' {
			digitRun = 0
		}
	}
	if letters < 2 || maxDigitRun >= 6 {
		return "", ErrNotAName
	}
	if isAnswerOnly(strings.Fields(Normalize(t))) || ParseCommand(t) != CmdNone {
		return "", ErrNotAName
	}
	return t, nil
}
