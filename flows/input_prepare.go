package flows

import "sobat-ikm/flows/understand"

// prepared is what the engine reads of a message's text alone, before
// any conversation state: pure functions of the text.
type prepared struct {
	done  bool
	raw   string // the text it was computed from
	clean string // cleaned, and what a self-correction means ("poasia eh bukan, kambu")
	norm  string // clean, normalized
	lang  string // the language the message asks for, if any
	cmd   understand.Command
}

// Prepare computes ahead what the engine reads of a message's text alone
// (cleaned, normalized, the language it asks for, the command it is). The
// dispatcher calls it before the message's write transaction, so that
// this work runs beside the database's single writer instead of inside
// it. Handle computes it itself for a message not prepared.
func (e *Engine) Prepare(in Input) Input {
	in.prep = prepare(in)
	return in
}

func prepare(in Input) prepared {
	p := prepared{done: true, raw: in.Text}
	p.clean = understand.SelfCorrected(cleanText(in.Text))
	p.norm = understand.Normalize(p.clean)
	if in.Choice == "" && p.clean != "" {
		p.lang = understand.Language(p.clean)
	}
	p.cmd = understand.ParseCommand(p.clean)
	return p
}

// prepared returns the message's prepared text, computing it if Prepare
// was not called (or the text changed since).
func (in Input) prepared() prepared {
	if in.prep.done && in.prep.raw == in.Text {
		return in.prep
	}
	return prepare(in)
}

// command is the global command the text is (understand.ParseCommand).
func (in Input) command() understand.Command {
	if in.prep.done && in.Text == in.prep.clean {
		return in.prep.cmd
	}
	return understand.ParseCommand(in.Text)
}
