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
// "hi, can we speak english?", "pakai bahasa indonesia saja".
var languageRequests = map[string]string{
	"speak english": "en", "in english": "en", "english please": "en", "english pls": "en",
	"pakai bahasa inggris": "en", "pakai inggris": "en",
	"speak indonesian": "id", "in indonesian": "id", "pakai bahasa indonesia": "id", "pakai indonesia": "id",
}

// Language is the language ("id", "en") a message asks to be spoken to
// in, or "" when it asks for none. A business called "Mete Indonesia" is
// not a request: a language's name counts only as the whole message.
func Language(s string) string {
	norm := Normalize(s)
	if lang, ok := languageNames[norm]; ok {
		return lang
	}
	padded := " " + norm + " "
	for phrase, lang := range languageRequests {
		if strings.Contains(padded, " "+phrase+" ") {
			return lang
		}
	}
	return ""
}
