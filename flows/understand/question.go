package understand

import "strings"

// questionWords ask something wherever they stand, after Normalize
// ("gimana" is "bagaimana" by then).
var questionWords = map[string]bool{
	"dimana": true, "kemana": true, "darimana": true, "kapan": true, "berapa": true, "bagaimana": true,
	"kenapa": true, "mengapa": true, "siapa": true, "apakah": true, "bisakah": true, "tanya": true,
	"where": true, "when": true, "how": true, "what": true, "why": true, "who": true,
}

// questionPhrases ask something as whole words: "di mana", "apa itu".
var questionPhrases = []string{"di mana", "ke mana", "apa itu", "apa saja", "yang mana", "mana saja"}

// IsQuestion reports whether the owner asks something: text that ends
// with a question mark, or holds a question word ("alamat kantor
// dimana", "kapan buka", "gimana cara daftar", "mau tanya", "how do I
// register"), or starts with "apa". Where a choice is expected, a
// question should choose only what it names (see ChooseNamed).
func IsQuestion(s string) bool {
	t := strings.TrimSpace(s)
	if (strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？")) && len([]rune(t)) > 1 {
		return true
	}
	norm := Normalize(t)
	words := strings.Fields(norm)
	if len(words) == 0 {
		return false
	}
	if words[0] == "apa" && len(words) > 1 {
		return true
	}
	for _, w := range words {
		if questionWords[w] {
			return true
		}
	}
	return HasPhrase(norm, questionPhrases...)
}
