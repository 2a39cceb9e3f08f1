package understand

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// errNameIsAnswer is ParseName's error for a yes/no answer: a name was
// asked for (ErrNotAName), and the owner answered yes or no
// (ErrNotAnswer), perhaps agreeing to the consent notice again.
var errNameIsAnswer = fmt.Errorf("%w: %w", ErrNotAName, ErrNotAnswer)

// notNameWords name nobody by themselves: pronouns, polite address and
// the words around a name ("saya", "ibu", "bapak", "I am", "my name").
// A name made only of them and of numbers is no name ("sy", "ibu",
// "saya ibu"); one more word makes it one ("Ibu Ani").
var notNameWords = map[string]bool{
	"saya": true, "i": true, "im": true, "me": true, "my": true, "mine": true, "am": true, "kami": true,
	"kita": true, "dia": true, "beliau": true, "ini": true, "itu": true, "is": true, "the": true, "do": true,
	"nama": true, "name": true, "lengkap": true, "full": true, "namanya": true, "namaku": true,
	"ibu": true, "bapak": true, "kakak": true, "adik": true, "tante": true, "om": true, "paman": true,
	"bibi": true, "nenek": true, "kakek": true, "mr": true, "mrs": true, "ms": true, "miss": true,
	"sir": true, "madam": true, "mam": true, "maam": true, "mister": true, "pemilik": true, "owner": true,
}

// ParseName checks a person's or business name. It cleans the text like
// ParseText (repairs UTF-8, drops control characters, collapses spaces,
// trims) and keeps the owner's capitalization. Then:
//   - more than maxRunes runes -> ErrTooLong (maxRunes <= 0: no limit);
//   - only a yes/no answer, perhaps with fillers, pronouns and a list
//     number ("iya", "tidak ada", "blm", "yes I agree", "1. Ya, saya
//     setuju"), or thanks ("makasih") -> ErrNotAName wrapping
//     ErrNotAnswer;
//   - fewer than 2 letters (empty, numbers only, emoji or symbols only),
//     a run of 6 or more digits (a phone number or NIB typed here), only
//     pronouns and polite address ("sy", "ibu", "saya ibu"), or a global
//     command ("menu", "batal", "bantuan") -> ErrNotAName.
//
// Names that merely start with such a word ("Bisa Jaya", "Sip Bakery",
// "Ibu Ani") are accepted.
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
	words := strings.Fields(Normalize(t))
	if answerWithoutName(words) || ParseSmallTalk(t) == TalkThanks {
		return "", errNameIsAnswer
	}
	if onlyNotNameWords(words) || ParseCommand(t) != CmdNone {
		return "", ErrNotAName
	}
	return t, nil
}

// answerWithoutName reports whether words are a yes/no answer (or "don't
// know") with only pronouns, fillers and numbers besides: "iya betul",
// "tidak tahu", "yes I agree", "1 ya saya setuju". It is isAnswerOnly
// that also allows what stands around a name.
func answerWithoutName(words []string) bool {
	decisive := false
	for _, w := range words {
		switch {
		case yesWords[w] || noWords[w]:
			decisive = true
		case answerWords[w] || interjections[w] || unsureWords[w] || notNameWords[w] || isDigits(w):
		default:
			return false
		}
	}
	return decisive
}

// onlyNotNameWords reports whether words hold no word that could be part
// of a name.
func onlyNotNameWords(words []string) bool {
	for _, w := range words {
		if !notNameWords[w] && !isDigits(w) {
			return false
		}
	}
	return true
}

func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIIDigit(w[i]) {
			return false
		}
	}
	return w != ""
}
