package flows

import (
	"strings"

	"sobat-ikm/flows/understand"
)

// listField is a field answered several times ("produk lain?"): its
// question, then, after each answer, "anything else?" with the answers so
// far, until the owner says that is all (the one numbered choice, "1",
// "sudah", "tidak", "cukup"). Each item is understood by parse and kept
// in the slice at; the summary lists them. Correcting it starts the list
// again.
func listField[D any](name, label, caption, help, ask string, synonyms []string,
	parse func(c *conv, in Input) (string, error), at func(d *D) *[]string) Field[D] {
	return Field[D]{Name: name, Label: label, Caption: caption, Help: help, Synonyms: synonyms,
		Ask: func(c *conv, d *D) {
			items := *at(d)
			if len(items) == 0 {
				c.say(ask)
				return
			}
			c.say("list_more", "Count", len(items), "Items", strings.Join(items, "; "))
			c.offer(c.choice("done", "list_done"))
		},
		Answer: func(c *conv, d *D, in Input) (bool, error) {
			items := at(d)
			if len(*items) > 0 && listDone(in) {
				return true, nil
			}
			v, err := parse(c, in)
			if err != nil {
				return false, err
			}
			*items = append(*items, v)
			c.goTo(c.s.Flow, name) // anything else?
			return false, nil
		},
		Show:  func(_ *conv, d *D) string { return strings.Join(*at(d), "; ") },
		Reset: func(d *D) { *at(d) = nil },
	}
}

// listDone reports whether an answer to "anything else?" says that is
// all.
func listDone(in Input) bool {
	if in.Choice != "" {
		return in.Choice == "done"
	}
	if n, ok := understand.Number(in.Text); ok {
		return n == 1
	}
	norm := understand.Normalize(in.Text)
	if len(strings.Fields(norm)) > 4 {
		return false // "keripik pisang tidak pedas, bahan pisang": another item
	}
	if understand.HasPhrase(norm, "sudah", "cukup", "selesai", "itu saja", "sudah semua", "done", "that's all", "no more") {
		return true
	}
	yes, clear := strictYesNo(in.Text)
	return clear && !yes // "tidak", "no": nothing more
}
