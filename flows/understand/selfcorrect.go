package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// selfCorrections are the normalized words with which an owner takes back
// what they just typed in the same message: "poasia eh bukan, kambu".
var selfCorrections = [][]string{
	{"eh", "bukan"}, {"eh", "salah"}, {"eh", "maaf"}, {"eh", "sorry"}, {"eh", "sori"}, {"eh", "ralat"},
	{"eh", "keliru"}, {"ralat"}, {"maksudnya"}, {"maksud", "saya"}, {"maaf", "salah"}, {"sorry", "salah"},
	{"sori", "salah"}, {"salah", "ketik"}, {"typo"},
}

// maxSelfCorrectWords bounds the work on long messages.
const maxSelfCorrectWords = 64

// SelfCorrected returns what the owner meant in a message that corrects
// itself: the part after the last correction marker ("eh bukan", "eh
// salah", "eh maaf", "maksudnya", "maksud saya", "ralat", "salah ketik"),
// in the owner's spelling, without the punctuation that follows the
// marker. "poasia eh bukan, kambu" is "kambu"; "Budi eh salah, Wa Ode
// Sitti" is "Wa Ode Sitti".
//
// A message without a marker, with nothing before it ("maksudnya
// apa?", "ralat: kambu"), or with nothing after it ("poasia eh bukan") is
// returned as it is. Markers are matched as whole words, after Normalize
// ("ehh bukan", "eh slh" are not markers; "eh, bukan" and "EH BUKAN" are).
func SelfCorrected(s string) string {
	type word struct {
		w   string
		end int // byte offset in s just after the token the word came from
	}
	var words []word
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		for _, w := range strings.Fields(Normalize(s[i:j])) {
			words = append(words, word{w, j})
		}
		i = j
		if len(words) > maxSelfCorrectWords {
			return s // a long message is not an answer that corrects itself
		}
	}
	cut := -1
	for i := 1; i < len(words); i++ { // a marker needs words before it
		for _, m := range selfCorrections {
			if i+len(m) > len(words) {
				continue
			}
			match := true
			for k, mw := range m {
				if words[i+k].w != mw {
					match = false
					break
				}
			}
			if match {
				cut = words[i+len(m)-1].end
			}
		}
	}
	if cut < 0 {
		return s
	}
	rest := strings.TrimLeftFunc(s[cut:], func(r rune) bool { return !isWordRune(r) && !isOpening(r) })
	if !hasLetterOrDigit(rest) {
		return s
	}
	return strings.TrimSpace(rest)
}

// isWordRune reports whether r is part of a word: a letter, a digit, a
// combining mark or an apostrophe inside a word ("jum'at").
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || isApostrophe(r)
}

// isOpening reports whether r may open an answer: "+62...", "(0812)".
func isOpening(r rune) bool {
	return r == '+' || r == '(' || r == '[' || r == '"' || r == '\u201c'
}
