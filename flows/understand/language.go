package understand

import "strings"

// languageNames are whole messages that name a language.
var languageNames = map[string]string{
	"english": "en", "inggris": "en", "bahasa inggris": "en", "in english": "en", "english please": "en",
	"ganti ke english": "en", "ganti ke bahasa inggris": "en",
	"indonesia": "id", "bahasa indonesia": "id", "indonesian": "id", "in indonesian": "id",
	"ganti ke bahasa indonesia": "id",
}

// languageRequests ask for a language wherever they stand in a message:
// "hi, can we speak english?", "pakai bahasa indonesia saja". Those that
// say the owner speaks or understands a language ("speak indonesian",
// "paham bahasa inggris") ask for the other one when negated: see
// negations.
var languageRequests = map[string]string{
	"speak english": "en", "in english": "en", "english please": "en", "english pls": "en",
	"pakai bahasa inggris": "en", "pakai inggris": "en", "understand english": "en", "read english": "en",
	"know english": "en", "bisa bahasa inggris": "en", "mengerti bahasa inggris": "en", "paham bahasa inggris": "en",
	"ngerti bahasa inggris": "en",
	"speak indonesian":      "id", "in indonesian": "id", "pakai bahasa indonesia": "id", "pakai indonesia": "id",
	"speak bahasa": "id", "speak indonesia": "id", "understand indonesian": "id", "understand bahasa": "id",
	"read indonesian": "id", "know indonesian": "id", "bisa bahasa indonesia": "id",
	"mengerti bahasa indonesia": "id", "paham bahasa indonesia": "id", "ngerti bahasa indonesia": "id",
}

// negations turn a request around when they stand up to two words
// before it: "sorry, I don't speak Indonesian" asks for English, "saya
// tidak bisa bahasa inggris" for Indonesian. ("no" is not one: "no,
// english please" asks for English.)
var negations = map[string]bool{
	"dont": true, "not": true, "cant": true, "cannot": true, "doesnt": true, "never": true,
	"tidak": true, "kurang": true, "belum": true,
}

// otherLanguage is the language a negated request asks for.
var otherLanguage = map[string]string{"id": "en", "en": "id"}

// Language is the language ("id", "en") a message asks to be spoken to
// in, or "" when it asks for none. A business called "Mete Indonesia" is
// not a request: a language's name counts only as the whole message.
// "I don't speak Indonesian", "can't understand bahasa", "sy tidak
// paham bahasa inggris" ask for the other language.
func Language(s string) string {
	norm := Normalize(s)
	if lang, ok := languageNames[norm]; ok {
		return lang
	}
	padded := " " + norm + " "
	found, at := "", -1
	for phrase, lang := range languageRequests {
		i := strings.Index(padded, " "+phrase+" ")
		if i < 0 || at >= 0 && i >= at {
			continue // the first request in the message counts
		}
		found, at = lang, i
	}
	if found == "" {
		return ""
	}
	before := strings.Fields(padded[:at])
	for _, w := range before[max(0, len(before)-2):] {
		if negations[w] {
			return otherLanguage[found]
		}
	}
	return found
}
