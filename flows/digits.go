package flows

import (
	"strings"

	"sobat-ikm/flows/understand"
)

// numberCandidates are the readings of an answer that should hold a phone
// number or an NIB, most literal first: the text itself, what follows its
// first digit ("no hp sy 0812 ..."), its first number when it has two
// ("0812... / 0852..."), and the digits said as words ("nol delapan satu
// dua ...").
func numberCandidates(text string) []string {
	out := []string{text}
	if i := strings.IndexAny(text, "+0123456789"); i > 0 {
		out = append(out, text[i:])
	}
	for _, sep := range []string{"/", ",", ";", " atau ", " dan ", " or "} {
		if first, _, ok := strings.Cut(text, sep); ok {
			if i := strings.IndexAny(first, "+0123456789"); i >= 0 {
				out = append(out, first[i:])
			}
		}
	}
	if d := spokenDigits(understand.Normalize(text)); d != "" {
		out = append(out, d)
	}
	return out
}

// spokenDigits reads a number said digit by digit, or returns "".
func spokenDigits(norm string) string {
	digits := map[string]byte{
		"nol": '0', "kosong": '0', "zero": '0', "satu": '1', "one": '1', "dua": '2', "two": '2',
		"tiga": '3', "three": '3', "empat": '4', "four": '4', "lima": '5', "five": '5', "enam": '6', "six": '6',
		"tujuh": '7', "seven": '7', "delapan": '8', "eight": '8', "sembilan": '9', "nine": '9',
	}
	var b strings.Builder
	words := 0
	for _, w := range strings.Fields(norm) {
		if d, ok := digits[w]; ok {
			b.WriteByte(d)
			words++
			continue
		}
		if strings.Trim(w, "0123456789+") != "" {
			return ""
		}
		b.WriteString(w)
	}
	if words == 0 {
		return ""
	}
	return b.String()
}
