package bot

import (
	"strconv"
	"strings"

	"sobat-ikm/store"
)

// PlainText renders a reply for channels without buttons: the text, then
// the choices as numbered lines ("1. Daftar").
func PlainText(r store.Reply) string {
	var b strings.Builder
	b.WriteString(r.Text)
	for i, c := range r.Choices {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(". ")
		b.WriteString(c.Label)
	}
	return b.String()
}
