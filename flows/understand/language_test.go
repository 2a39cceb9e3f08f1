package understand

import "testing"

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"english": "en", "English": "en", "bahasa inggris": "en", "hi, can we speak english?": "en",
		"pakai bahasa indonesia saja": "id", "indonesia": "id", "Bahasa Indonesia": "id",
		"Mete Indonesia": "", "kursus bahasa inggris": "", "bahasa": "", "halo": "", "": "",
	} {
		if got := Language(in); got != want {
			t.Errorf("Language(%q) = %q, want %q", in, got, want)
		}
	}
}
