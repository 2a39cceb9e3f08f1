package understand

import "testing"

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"english": "en", "English": "en", "bahasa inggris": "en", "hi, can we speak english?": "en",
		"pakai bahasa indonesia saja": "id", "indonesia": "id", "Bahasa Indonesia": "id",
		"Mete Indonesia": "", "kursus bahasa inggris": "", "bahasa": "", "halo": "", "": "",
		// saying what the owner does not speak asks for the other language
		"sorry, I don't speak Indonesian":              "en",
		"Sorry I dont speak indonesian":                "en",
		"i do not speak indonesian":                    "en",
		"I can't speak Bahasa":                         "en",
		"i cannot understand indonesian, sorry":        "en",
		"I don’t really speak Indonesian":              "en",
		"i don't understand bahasa":                    "en",
		"sy tidak paham bahasa indonesia":              "en",
		"maaf saya kurang mengerti bahasa indonesia":   "en",
		"saya tidak bisa bahasa inggris":               "id",
		"gak ngerti bahasa inggris pak":                "id",
		"I don't speak English":                        "id",
		"do you speak indonesian?":                     "id",
		"can you speak english":                        "en",
		"bisa bahasa inggris?":                         "en",
		"no, english please":                           "en",
		"i speak english, not indonesian":              "en",
		"I don't speak English, bahasa indonesia saja": "id",
		"not now, I speak Indonesian":                  "id",
	} {
		if got := Language(in); got != want {
			t.Errorf("Language(%q) = %q, want %q", in, got, want)
		}
	}
}
