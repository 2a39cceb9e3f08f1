package flows

import (
	"strings"

	"sobat-ikm/flows/understand"
)

// yesNoOptions are two numbered choices, yes first.
func yesNoOptions(c *conv, yesLabel, noLabel string) []understand.Option {
	return []understand.Option{
		{Value: "yes", Label: c.t(yesLabel), Synonyms: []string{"setuju", "ya setuju"}},
		{Value: "no", Label: c.t(noLabel), Synonyms: []string{"tidak setuju"}},
	}
}

// yesNo understands a yes/no answer to a question where a wrong guess
// costs something (giving consent, erasing data): a button, "1"/"2", or a
// whole answer that is a clear yes or no. "ya tapi...", "mau tanya" or
// "tidak tahu" are no answer, and the question is asked again.
func (c *conv) yesNo(in Input, opts []understand.Option) (bool, error) {
	if i, ok := pickExact(in, opts); ok {
		return opts[i].Value == "yes", nil
	}
	if in.Choice != "" {
		return false, again("choice_stale")
	}
	if yes, ok := strictYesNo(understand.Normalize(in.Text)); ok {
		return yes, nil
	}
	return false, again("yesno_invalid", "Answer", quote(in.Text))
}

// pickExact picks an option only without guessing: a pressed button, a
// number in range, or the option's label or a synonym typed whole.
func pickExact(in Input, opts []understand.Option) (int, bool) {
	if in.Choice != "" {
		for i, o := range opts {
			if o.Value == in.Choice {
				return i, true
			}
		}
		return -1, false
	}
	if n, ok := understand.Number(in.Text); ok {
		return n - 1, n >= 1 && n <= len(opts)
	}
	norm := understand.Normalize(in.Text)
	for i, o := range opts {
		if norm == understand.Normalize(o.Label) {
			return i, true
		}
		for _, s := range o.Synonyms {
			if norm == s {
				return i, true
			}
		}
	}
	return -1, false
}

// strictYesNo reads a whole answer as a clear yes or no; ok is false for
// anything in between.
func strictYesNo(norm string) (yes, ok bool) {
	if hasAny(norm, "tanya", "tunggu", "bentar", "sebentar", "nanti", "dulu", "bingung", "mengerti", "tahu", "tau",
		"apa", "bagaimana", "kenapa", "maksud", "tapi", "wait", "question", "what", "why", "how") {
		return false, false
	}
	if hasAny(norm, "jangan", "tidak", "no", "nope", "not", "dont", "don't") {
		return false, true
	}
	switch strings.TrimSpace(norm) {
	case "ya", "iya", "y", "yes", "ok", "oke", "okey", "okay", "setuju", "saya setuju", "ya setuju", "iya setuju",
		"ok setuju", "oke setuju", "boleh", "ya boleh", "silakan", "ya silakan", "hapus", "ya hapus", "iya hapus",
		"hapus saja", "ya hapus saja", "agree", "i agree", "yes i agree", "sure", "yup", "betul", "benar", "ya benar",
		"ya betul", "iye", "siap", "yakin", "ya yakin", "iyaa", "yaa", "sip", "yoi", "yap", "yep", "bisa",
		"yes please", "of course", "ok sure", "okay sure", "yes sure", "yes i do", "i do":
		return true, true
	}
	return false, false
}
