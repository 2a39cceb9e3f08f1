package bot

import "testing"

func TestMaskNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"no LID found for 6281234567890@s.whatsapp.net": "no LID found for 6281*******90@s.whatsapp.net",
		"Forbidden: bot was blocked by the user":        "Forbidden: bot was blocked by the user",
		"retry after 30, code 429":                      "retry after 30, code 429",
		"chat 123456":                                   "chat 123456",
		"1234567":                                       "1234*67",
		"":                                              "",
	} {
		if got := maskNumbers(in); got != want {
			t.Errorf("maskNumbers(%q) = %q, want %q", in, got, want)
		}
	}
}
