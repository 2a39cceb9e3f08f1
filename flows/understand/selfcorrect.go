package understand

import "strings"

// selfCorrections are the normalized words with which an owner takes back
// what they just typed in the same message: "poasia eh bukan, kambu".
var selfCorrections = [][]string{
	{"eh", "bukan"}, {"eh", "salah"}, {"eh", "maaf"}, {"eh", "sorry"}, {"eh", "sori"}, {"eh", "ralat"},
	{"eh", "keliru"}, {"ralat"}, {"maksudnya"}, {"maksud", "saya"}, {"maaf", "salah"}, {"sorry", "salah"},
	{"sori", "salah"}, {"salah", "ketik"}, {"typo"},
}

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
	if !mayCorrectItself(s) {
		return s // most messages: no need to normalize them word by word
	}
	words, ok := textWords(s)
	if !ok {
		return s // a long message is not an answer that corrects itself
	}
	cut := -1
	for i := 1; i < len(words); i++ { // a marker needs words before it
		for _, m := range selfCorrections {
			if i+len(m) <= len(words) && wordsAre(words[i:i+len(m)], m) {
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

// markerHints are parts of every marker as typed (before Normalize squeezes
// "ehhh" or "salaaah"), compared ignoring ASCII case.
var markerHints = []string{"eh", "ralat", "maksud", "sala", "typo"}

// mayCorrectItself reports whether s may hold a correction marker; when
// it is false, s certainly holds none. It allocates nothing.
func mayCorrectItself(s string) bool {
	for _, h := range markerHints {
		if containsFoldASCII(s, h) {
			return true
		}
	}
	return false
}

// containsFoldASCII reports whether s contains sub (lowercase ASCII),
// ignoring the case of ASCII letters in s.
func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		match := true
		for k := 0; k < len(sub); k++ {
			c := s[i+k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[k] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
