package flows

import (
	"strings"

	"sobat-ikm/flows/understand"
)

// isSalam reports whether a greeting is the Islamic salam, answered with
// "Waalaikumsalam".
func isSalam(norm string) bool {
	return strings.HasPrefix(norm, "assalam") || strings.HasPrefix(norm, "asalam") || strings.HasPrefix(norm, "salam")
}

// isQuestion reports whether the owner asked something instead of
// answering: text that ends with a question mark.
func isQuestion(text string) bool {
	return strings.HasSuffix(strings.TrimSpace(text), "?") && len([]rune(strings.TrimSpace(text))) > 1
}

// isGreeting reports whether normalized text is only a greeting ("halo", "assalamualaikum",
// "selamat pagi pak", "p"): it gets the current question again, never
// an answer to it.
func isGreeting(norm string) bool {
	var buf [4]string
	words, more := understand.AppendFields(buf[:0], norm, len(buf))
	if len(words) == 0 || more {
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
