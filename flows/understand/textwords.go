package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTextWords bounds the work on long messages where a short answer is
// expected (a correction, a message that corrects itself).
const maxTextWords = 64

// textWord is a word of Normalize's output, and where the owner's token it
// came from starts and ends in the text.
type textWord struct {
	w          string
	start, end int
}

// textWords normalizes s token by token (a token is a run of letters,
// digits, combining marks and apostrophes), keeping where each word came
// from, so that a part of the owner's text can be cut out by what its
// words mean. ok is false when s has more than maxTextWords words.
func textWords(s string) (words []textWord, ok bool) {
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
			words = append(words, textWord{w, i, j})
		}
		if len(words) > maxTextWords {
			return nil, false
		}
		i = j
	}
	return words, true
}

// wordsAre reports whether words are exactly want.
func wordsAre(words []textWord, want []string) bool {
	for k, w := range want {
		if words[k].w != w {
			return false
		}
	}
	return true
}

// isWordRune reports whether r is part of a word: a letter, a digit, a
// combining mark or an apostrophe ("jum'at").
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || isApostrophe(r)
}

// isOpening reports whether r may open an answer: "+62...", "(0812)".
func isOpening(r rune) bool {
	return r == '+' || r == '(' || r == '[' || r == '"' || r == '\u201c'
}
