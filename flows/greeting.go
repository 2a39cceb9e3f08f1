package flows

import (
	"strings"

	"sobat-ikm/flows/understand"
)

// isGreeting reports whether text is only a greeting ("halo", "assalamualaikum",
// "selamat pagi pak", "p"): it gets the current question again, never
// an answer to it.
func isGreeting(text string) bool {
	words := strings.Fields(understand.Normalize(text))
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	switch words[0] {
	case "halo", "hallo", "hai", "hay", "hi", "hello", "helo", "hei", "hey", "p", "ping",
		"assalamualaikum", "assalamu'alaikum", "asalamualaikum", "assalamualaikom", "salam", "permisi", "punten", "tabe":
	case "selamat", "met":
		if len(words) < 2 {
			return false
		}
		switch words[1] {
		case "pagi", "siang", "sore", "malam", "datang":
		default:
			return false
		}
	default:
		return false
	}
	for _, w := range words[1:] {
		switch w {
		case "pagi", "siang", "sore", "malam", "datang", "wr", "wb", "warahmatullahi", "wabarakatuh",
			"admin", "min", "kak", "pak", "bu", "ibu", "bapak", "sobat", "ikm", "semua", "ya":
		default:
			return false
		}
	}
	return true
}
