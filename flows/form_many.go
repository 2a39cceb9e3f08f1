package flows

import (
	"errors"
	"strings"

	"sobat-ikm/flows/understand"
)

// Owners often answer several questions in one message ("nama sy Wa Ode
// Sitti, usaha sy Mete Sitti, di poasia") or put a remark before the
// answer ("kan sdh sy bilang, Mete Sitti"). A form takes each part that
// a field's intro starts ("usaha sy", "di") as that field's answer when
// it is not answered yet and the part is a valid answer; the rest is the
// answer to the question asked. Which other answers were taken is said,
// and the summary shows them before anything is saved.

// part is a piece of a message that answers another field.
type part struct {
	field int    // index in Fields
	text  string // the answer, without its intro
	raw   string // the piece as typed, intro included
}

// splitAnswers splits a typed answer to field current into the text that
// answers it and the parts that start with another field's intro.
func (f *Form[D]) splitAnswers(current string, text string) (string, []part) {
	pieces := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	if len(pieces) < 2 {
		return dropRemark(text), nil
	}
	var own []string
	var parts []part
	for i, p := range pieces {
		fi, rest, ok := f.introOf(p)
		switch {
		case i > 0 && ok && f.Fields[fi].Name != current:
			parts = append(parts, part{field: fi, text: rest, raw: p})
		case len(parts) > 0: // "Jl. Mete No. 5, Kel. Anduonohu": the address goes on
			parts[len(parts)-1].text += "," + p
			parts[len(parts)-1].raw += "," + p
		default:
			own = append(own, p)
		}
	}
	if len(parts) == 0 {
		return dropRemark(text), nil
	}
	mine := strings.TrimSpace(strings.Join(own, ","))
	if fi, rest, ok := f.introOf(mine); ok && f.Fields[fi].Name == current {
		mine = rest // "nama sy Wa Ode Sitti": the name
	}
	return mine, parts
}

// introOf reports which field's intro starts piece, and the piece
// without it.
func (f *Form[D]) introOf(piece string) (int, string, bool) {
	norm := understand.Normalize(piece)
	for i, fd := range f.Fields {
		for _, intro := range fd.Intros {
			// (no allocation until an intro matches: this runs for every
			// answer)
			if !strings.HasPrefix(norm, intro) || len(norm) > len(intro) && norm[len(intro)] != ' ' {
				continue
			}
			words := strings.Fields(piece)
			if n := len(strings.Fields(intro)); len(words) > n {
				return i, strings.Join(words[n:], " "), true
			}
		}
	}
	return 0, "", false
}

// dropRemark drops a remark before the answer: "kan sdh sy bilang, Mete
// Sitti" answers Mete Sitti.
func dropRemark(text string) string {
	first, rest, ok := strings.Cut(text, ",")
	if !ok || strings.TrimSpace(rest) == "" || strings.ContainsAny(first, "0123456789") {
		return text
	}
	norm := understand.Normalize(first)
	if len(strings.Fields(norm)) <= 6 && understand.HasPhrase(norm, "bilang", "sebut", "tadi", "sudah saya", "kan sudah", "seperti yang", "sudah dibilang") {
		return strings.TrimSpace(rest)
	}
	return text
}

// answerMany answers the field asked and the other fields the message
// answers too; it says which others it took.
func (f *Form[D]) answerMany(c *conv, fd Field[D], in Input) (bool, error) {
	if in.Choice != "" || in.Text == "" {
		return fd.Answer(c, f.Data(c), in)
	}
	if f.Editing(c) { // correcting one answer: only a remark is taken off
		mine := in
		mine.Text = dropRemark(in.Text)
		return fd.Answer(c, f.Data(c), mine)
	}
	own, parts := f.splitAnswers(fd.Name, in.Text)
	// The other answers first: a part that is no valid answer (an
	// address's "di belakang pasar") goes back to the answer asked.
	var taken []string
	for _, p := range parts {
		other := f.Fields[p.field]
		ok := false
		if other.Show(c, f.Data(c)) == "" { // an answer given is never overwritten on a guess
			var err error
			ok, err = other.Answer(c, f.Data(c), Input{Text: p.text, At: in.At})
			var r *retry
			switch {
			case errors.As(err, &r):
				ok = false
			case err != nil:
				return false, err
			}
		}
		if ok {
			taken = append(taken, c.t(other.Label))
		} else {
			own += "," + p.raw
		}
	}
	if len(taken) > 0 {
		c.say(f.Msg+"_also_noted", "Fields", strings.Join(taken, ", "))
	}
	mine := in
	mine.Text = strings.TrimSpace(own)
	return fd.Answer(c, f.Data(c), mine)
}
