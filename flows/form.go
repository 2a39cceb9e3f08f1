package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"sobat-ikm/flows/understand"
)

// A Form asks its fields one at a time, in order, then shows a summary and
// saves on a clear yes. At the summary the owner may correct fields by
// name ("ubah alamat", "ya tapi nama usaha salah", "nama: Wa Ode Sitti"):
// the fields named are asked again, then the summary comes back. Its
// field table is the one place a form's fields are listed: it drives the
// questions, the summary, correction by name and the edit menu.
//
// A form's flow has the Lead steps (a consent, an eligibility check), one
// step per field, then "confirm" (the summary) and "edit" (which field?).
// Its draft is a formDraft[D]: the answers D and where the form is.
type Form[D any] struct {
	Name   string
	Lead   []*Step
	Fields []Field[D]
	// Msg prefixes the form's own message ids: <Msg>_confirm (with
	// {{.Summary}}), <Msg>_confirm_save|edit|cancel|invalid,
	// <Msg>_edit_ask|done|current|changed.
	Msg string
	// Save writes the confirmed draft and moves the chat on.
	Save func(c *conv, d *D) error
	// Confirm, when set, gives <Msg>_confirm more template fields than
	// the summary (pairs of name and value): what the answers lead to.
	Confirm func(c *conv, d *D) []any
}

// A Field is one answer of a form.
type Field[D any] struct {
	Name string // the step's name: "business"
	// Label names the field in the edit menu and in "... sudah saya ubah"
	// (a message id); Caption names it in the summary (a message id).
	Label, Caption string
	// Synonyms are how owners name the field when correcting it; Intros
	// how they introduce its answer inside a longer message ("usaha
	// saya"), normalized (understand.Normalize).
	Synonyms []string
	Intros   []string
	Help     string
	Ask      func(c *conv, d *D)
	// Answer understands the answer and stores it in d. It returns next
	// true to move on, false to stay at the field (it then asked what
	// comes next itself), or an Again error.
	Answer func(c *conv, d *D, in Input) (next bool, err error)
	// Show is the answer as the summary shows it; "" shows as "-".
	Show func(c *conv, d *D) string
	// Reset, when set, clears the answer before it is corrected (a list
	// is given again, not added to).
	Reset func(d *D)
	// Verbatim: the answer is text kept as typed (see Step.Verbatim).
	Verbatim bool
}

// formDraft is a form's draft: the answers, and the fields being
// corrected (Editing now, Queue after it).
type formDraft[D any] struct {
	Data    D        `json:"data"`
	Editing string   `json:"editing,omitempty"`
	Queue   []string `json:"queue,omitempty"`
}

// draft is the form's draft of this turn.
func (f *Form[D]) draft(c *conv) *formDraft[D] { return draftOf[formDraft[D]](c) }

// Data is the form's answers in this turn.
func (f *Form[D]) Data(c *conv) *D { return &f.draft(c).Data }

// Flow is the form's table of steps.
func (f *Form[D]) Flow() *Flow {
	steps := slices.Clone(f.Lead)
	for _, fd := range f.Fields {
		steps = append(steps, &Step{Name: fd.Name, Help: fd.Help, Verbatim: fd.Verbatim,
			Ask: func(c *conv) {
				f.sayCurrent(c, fd)
				fd.Ask(c, f.Data(c))
			},
			Answer: func(c *conv, in Input) error {
				next, err := f.answerMany(c, fd, in)
				if err == nil && next {
					f.next(c, fd.Name)
				}
				return err
			}})
	}
	return &Flow{Name: f.Name, Steps: append(steps,
		&Step{Name: "confirm", Ask: f.askConfirm, Answer: f.answerConfirm, Help: f.Msg + "_confirm_help"},
		&Step{Name: "edit", Ask: f.askEdit, Answer: f.answerEdit, Help: f.Msg + "_edit_help"},
	)}
}

// Begin asks the first field.
func (f *Form[D]) Begin(c *conv) { c.goTo(f.Name, f.Fields[0].Name) }

// Review shows the summary and asks whether it is right.
func (f *Form[D]) Review(c *conv) { c.goTo(f.Name, "confirm") }

// Correct asks the field name again, then comes back to the summary.
func (f *Form[D]) Correct(c *conv, name string) {
	d := f.draft(c)
	d.Editing, d.Queue = name, nil
	f.edit(c, name)
}

// edit asks a field again to correct it.
func (f *Form[D]) edit(c *conv, name string) {
	for _, fd := range f.Fields {
		if fd.Name == name && fd.Reset != nil {
			fd.Reset(f.Data(c))
		}
	}
	c.goTo(f.Name, name)
}

// CorrectNamed starts the form from d to correct the fields the message
// names ("ubah alamat", "ganti nomor hp jadi 0812..."), going straight
// to the first of them; false when it names none.
func (f *Form[D]) CorrectNamed(c *conv, in Input, d D) bool {
	corr, ok := f.correction(c, in)
	if !ok {
		return false
	}
	c.dropDraft()
	*f.Data(c) = d
	c.s.Flow = f.Name
	if corr.Value != "" {
		if err := f.correctWith(c, corr.Fields[0], corr.Value); err != nil {
			c.fail(err)
		}
		return true
	}
	fd := f.draft(c)
	fd.Editing, fd.Queue = corr.Fields[0], slices.Clone(corr.Fields[1:])
	c.goTo(f.Name, fd.Editing)
	return true
}

// Editing reports whether the owner is correcting a field.
func (f *Form[D]) Editing(c *conv) bool { return f.draft(c).Editing != "" }

// next asks the field after name, or the summary when the owner was
// correcting fields and none is left, or all were answered.
func (f *Form[D]) next(c *conv, name string) {
	d := f.draft(c)
	if d.Editing != "" {
		if len(d.Queue) == 0 {
			d.Editing = ""
			f.Review(c)
			return
		}
		d.Editing, d.Queue = d.Queue[0], d.Queue[1:]
		f.edit(c, d.Editing)
		return
	}
	after := false
	for _, fd := range f.Fields {
		switch {
		case fd.Name == name:
			after = true
		case after && fd.Show(c, f.Data(c)) == "": // (one answered in an earlier message is skipped)
			c.goTo(f.Name, fd.Name)
			return
		}
	}
	f.Review(c)
}

// sayCurrent shows the answer of a field being corrected.
func (f *Form[D]) sayCurrent(c *conv, fd Field[D]) {
	if f.draft(c).Editing == "" {
		return
	}
	if v := fd.Show(c, f.Data(c)); v != "" {
		c.say(f.Msg+"_edit_current", "Value", v)
	}
}

// Summary lists the answers, one field a line, as the summary shows them.
func (f *Form[D]) Summary(c *conv, d *D) string {
	lines := make([]string, len(f.Fields))
	for i, fd := range f.Fields {
		v := fd.Show(c, d)
		if v == "" {
			v = "-"
		}
		lines[i] = c.t(fd.Caption) + ": " + v
	}
	return strings.Join(lines, "\n")
}

func (f *Form[D]) confirmOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "save", Label: c.t(f.Msg + "_confirm_save"), Synonyms: confirmSaveWords},
		{Value: "edit", Label: c.t(f.Msg + "_confirm_edit"), Synonyms: confirmEditWords},
		{Value: "cancel", Label: c.t(f.Msg + "_confirm_cancel"), Synonyms: confirmCancelWords},
	}
}

// The words of a form's summary choices; read only.
var (
	confirmSaveWords   = []string{"simpan", "ya simpan", "sudah benar", "save", "selesai"}
	confirmEditWords   = []string{"ubah", "ganti", "koreksi", "perbaiki", "salah", "edit", "change"}
	confirmCancelWords = []string{"batal", "cancel", "tidak jadi"}
)

func (f *Form[D]) askConfirm(c *conv) {
	c.protected = true // (a summary may show an NIB or a masked NIK)
	kv := []any{"Summary", f.Summary(c, f.Data(c))}
	if f.Confirm != nil {
		kv = append(kv, f.Confirm(c, f.Data(c))...)
	}
	c.say(f.Msg+"_confirm", kv...)
	c.offerOptions(f.confirmOptions(c))
}

func (f *Form[D]) answerConfirm(c *conv, in Input) error {
	if corr, ok := f.correction(c, in); ok {
		if corr.Value != "" { // "nama: Wa Ode Sitti"
			return f.correctWith(c, corr.Fields[0], corr.Value)
		}
		d := f.draft(c)
		d.Editing, d.Queue = corr.Fields[0], slices.Clone(corr.Fields[1:])
		f.edit(c, d.Editing)
		return nil
	}
	opts := f.confirmOptions(c)
	i, ok := pickExact(in, opts)
	if !ok && in.Choice == "" {
		norm := understand.Normalize(in.Text)
		switch {
		case understand.HasPhrase(norm, "tidak jadi", "batal", "cancel"):
			i, ok = 2, true
		case understand.HasPhrase(norm, "salah", "tapi", "ubah", "ganti", "koreksi", "perbaiki", "edit", "change", "wrong"):
			i, ok = 1, true
		default:
			if yes, clear := strictYesNo(in.Text); clear {
				i, ok = 1, true // "tidak" (not right): let the owner correct a field
				if yes {
					i = 0
				}
			}
		}
	}
	if !ok {
		return again(f.Msg + "_confirm_invalid")
	}
	switch opts[i].Value {
	case "save":
		return f.Save(c, f.Data(c))
	case "edit":
		c.goTo(f.Name, "edit")
	default:
		c.cancel()
	}
	return nil
}

// correction understands the fields the owner names at the summary, and
// the new value when one field is given one (understand.ParseCorrection).
func (f *Form[D]) correction(c *conv, in Input) (understand.Correction, bool) {
	if in.Choice != "" {
		return understand.Correction{}, false
	}
	fields := make([]understand.Field, len(f.Fields))
	for i, fd := range f.Fields {
		fields[i] = understand.Field{Name: fd.Name, Phrases: append([]string{c.t(fd.Label)}, fd.Synonyms...)}
	}
	return understand.ParseCorrection(in.Text, fields)
}

// correctWith sets a field to the value given with its name as if typed
// at its question, and shows the summary again; a value the field cannot
// take gets the field's hint and question.
func (f *Form[D]) correctWith(c *conv, name, value string) error {
	i := slices.IndexFunc(f.Fields, func(fd Field[D]) bool { return fd.Name == name })
	if i < 0 {
		return fmt.Errorf("form %s: correct %q: no such field", f.Name, name)
	}
	fd := f.Fields[i]
	d := f.draft(c)
	d.Editing, d.Queue = name, nil
	c.s.Step = name
	said := len(c.texts)
	next, err := fd.Answer(c, &d.Data, Input{Text: value, At: c.now})
	var r *retry
	switch {
	case errors.As(err, &r):
		c.sayText(c.e.cat.Text(c.s.Language, r.msg, r.data))
		c.goTo(f.Name, name)
		return nil
	case err != nil:
		return err
	case !next:
		return nil
	}
	d.Editing = ""
	c.texts = slices.Insert(c.texts, said, c.t(f.Msg+"_edit_changed", "Field", c.t(fd.Label)))
	f.Review(c)
	return nil
}

func (f *Form[D]) editOptions(c *conv) []understand.Option {
	opts := make([]understand.Option, 0, len(f.Fields)+1)
	for _, fd := range f.Fields {
		opts = append(opts, understand.Option{Value: fd.Name, Label: c.t(fd.Label), Synonyms: fd.Synonyms})
	}
	return append(opts, understand.Option{Value: "done", Label: c.t(f.Msg + "_edit_done"),
		Synonyms: []string{"selesai", "sudah", "cukup", "tidak ada", "done", "simpan"}})
}

func (f *Form[D]) askEdit(c *conv) {
	c.say(f.Msg + "_edit_ask")
	c.offerOptions(f.editOptions(c))
}

func (f *Form[D]) answerEdit(c *conv, in Input) error {
	if corr, ok := f.correction(c, in); ok && corr.Value != "" { // "alamat: Jl. ..."
		return f.correctWith(c, corr.Fields[0], corr.Value)
	}
	opts := f.editOptions(c)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	if opts[i].Value == "done" {
		f.Review(c)
		return nil
	}
	f.Correct(c, opts[i].Value)
	return nil
}
