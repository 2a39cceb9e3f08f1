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
	if yes, ok := strictYesNo(in.Text); ok {
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
// anything in between. Every word must belong to the answer: a word of
// agreement ("iya", "setuju", "benar", "sudah", "simpan", "hapus", "ok",
// "yes", 👍) with only fillers around it ("saya", "semua", "aja", "dong",
// "pak"), or a word of refusal ("tidak", "jangan", "no"). A doubt ("tanya",
// "tunggu", "tapi"), a number ("no 12" is an address), an ambiguous
// shorthand ("btl": betul or batal?) or any other word makes it unclear.
func strictYesNo(text string) (yes, ok bool) {
	if understand.HasPhrase(strings.ToLower(text), "btl") {
		return false, false
	}
	norm := understand.Normalize(text)
	words := strings.Fields(norm)
	if len(words) == 0 || strings.ContainsAny(norm, "0123456789") {
		return false, false
	}
	if understand.HasPhrase(norm, "tanya", "tunggu", "bentar", "sebentar", "nanti", "dulu", "bingung", "mengerti", "tahu", "tau",
		"apa", "bagaimana", "kenapa", "maksud", "tapi", "wait", "question", "what", "why", "how", "but", "btl") {
		return false, false
	}
	if understand.HasPhrase(norm, "jangan", "tidak", "no", "nope", "not", "dont", "don't", "❌", "👎") {
		if understand.HasPhrase(norm, "tidak ada", "tidak pakai", "tidak pake", "tidak memakai", "tidak menggunakan",
			"tidak mengandung", "no pork", "not use") {
			for _, w := range words {
				if isAgreement(strings.Trim(w, ".,!")) {
					return false, false // "iya, tdk ada babi": yes, and a "no" about something else
				}
			}
		}
		return false, true
	}
	agreed := false
	for _, w := range words {
		w = strings.Trim(w, ".,!")
		if isAgreement(w) {
			agreed = true
			continue
		}
		switch w {
		case "saya", "sy", "aku", "mau", "semua", "semuanya", "saja", "aja", "dong", "deh", "lah", "sih", "kok",
			"sekali", "banget", "tentu", "pak", "bu", "kak", "bang", "please", "pls", "it", "i", "do", "that", "that's",
			"thats", "is", "looks", "all", "of", "everything", "data", "nya", "this", "already", "", "ini":
		default:
			return false, false
		}
	}
	return agreed, agreed
}

// isAgreement reports whether a word of a whole answer says yes.
func isAgreement(w string) bool {
	switch w {
	case "ya", "iya", "iyaa", "yaa", "y", "iye", "ok", "oke", "okee", "okey", "okay", "sip", "siap", "setuju",
		"benar", "betul", "bnr", "sudah", "udah", "yes", "yep", "yup", "yap", "yoi", "sure", "correct", "right",
		"agree", "yakin", "boleh", "bisa", "simpan", "save", "hapus", "delete", "erase", "good", "course",
		"👍", "✅", "👌", "🙏":
		return true
	}
	return false
}

// yesNoStep is a question where a wrong guess costs the owner (consent,
// erasure, leaving a form, an officer's change): ask says it, the two
// choices are labelled yes and no (message ids), and only a button,
// 1/2 or a whole clear yes or no is taken (see yesNo); answered acts on it.
func yesNoStep(name, help, yes, no string, ask func(c *conv), answered func(c *conv, yes bool) error) *Step {
	return &Step{Name: name, Help: help,
		Ask: func(c *conv) {
			ask(c)
			c.offerOptions(yesNoOptions(c, yes, no))
		},
		Answer: func(c *conv, in Input) error {
			ok, err := c.yesNo(in, yesNoOptions(c, yes, no))
			if err != nil {
				return err
			}
			return answered(c, ok)
		}}
}

// choiceStep asks a question with numbered options, built once per turn
// by opts, and hands the chosen option's value on; anything else gets the
// usual hint and the question again.
func choiceStep(name, help string, ask func(c *conv), opts func(c *conv) []understand.Option,
	chosen func(c *conv, value string) error) *Step {
	return &Step{Name: name, Help: help,
		Ask: func(c *conv) {
			ask(c)
			c.offerOptions(opts(c))
		},
		Answer: func(c *conv, in Input) error {
			o := opts(c)
			i, err := c.pick(in, o)
			if err != nil {
				return err
			}
			return chosen(c, o[i].Value)
		}}
}
