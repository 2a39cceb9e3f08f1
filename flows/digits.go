package flows

import (
	"strings"
	"unicode"

	"sobat-ikm/flows/understand"
)

// numberCandidates are the readings of an answer that should hold a phone
// number or an NIB, most literal first: the text itself, what follows its
// first digit ("no hp sy 0812 ..."), its first number when it has two
// ("0812... / 0852..."), and the digits said as words ("nol delapan satu
// dua ...").
func numberCandidates(text string) []string {
	out := []string{text}
	if i := strings.IndexAny(text, "+0123456789"); i >= 0 {
		j := strings.LastIndexAny(text, "0123456789")
		out = append(out, text[i:j+1]) // "0813 4567 8901 ya", "081345678901 (wa)"
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

// spokenDigits reads a number said digit by digit, after any words that
// lead it in ("nomor saya nol delapan ..."), or returns "".
func spokenDigits(norm string) string {
	digits := map[string]byte{
		"nol": '0', "kosong": '0', "zero": '0', "satu": '1', "one": '1', "dua": '2', "two": '2',
		"tiga": '3', "three": '3', "empat": '4', "four": '4', "lima": '5', "five": '5', "enam": '6', "six": '6',
		"tujuh": '7', "seven": '7', "delapan": '8', "eight": '8', "sembilan": '9', "nine": '9',
	}
	var b strings.Builder
	words := 0
	fields := strings.Fields(norm)
	for len(fields) > 0 { // skip the lead-in
		if _, ok := digits[fields[0]]; ok || strings.Trim(fields[0], "0123456789+") == "" {
			break
		}
		fields = fields[1:]
	}
	for _, w := range fields {
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

// lettersOnly keeps the letters, digits and spaces of text: emoji and
// symbols around a short answer do not change what it says.
func lettersOnly(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
			return r
		}
		return ' '
	}, text)
}
