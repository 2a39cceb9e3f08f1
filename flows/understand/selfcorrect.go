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
