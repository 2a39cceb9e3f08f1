package flows

import (
	"slices"

	"sobat-ikm/flows/understand"
)

// A desk is everything one kind of person can do in chat: owners have
// theirs, officers (configured, never self-declared) theirs. A desk has
// its welcome, its main menu, and its global words: tried in order on
// every typed message before the current question, each a named entry
// that either takes the message or lets the next one look.
type desk struct {
	name string
	// welcome greets a chat's first message; welcomeBack a greeting
	// ("halo") at the menu later.
	welcome, welcomeBack func(c *conv)
	// showMenu asks the desk's main menu question; choose understands an
	// answer to it.
	showMenu func(c *conv)
	choose   func(c *conv, in Input) error
	// help is the message id that explains the desk's menu.
	help    string
	globals []global
	// flows are the flows of the desk; a chat of the desk is never at
	// another's.
	flows []string
}

// has reports whether flow is the desk's (the menu is every desk's).
func (d *desk) has(flow string) bool { return flow == "" || slices.Contains(d.flows, flow) }

// A global works at any step. match must not write.
type global struct {
	name  string
	match func(c *conv, in Input) bool
	do    func(c *conv, in Input) error
}

// ownerDesk is what an owner (anyone who is not a configured officer)
// can do.
func (e *Engine) ownerDesk() *desk {
	return &desk{
		name:        "owner",
		welcome:     func(c *conv) { c.say("welcome") },
		welcomeBack: func(c *conv) { c.say("welcome_back") },
		showMenu:    showOwnerMenu,
		choose:      e.menuAnswer,
		help:        "menu_help",
		flows:       []string{"register", "halal", "tkdn", "training", "ticket", "language", "erase", "leave"},
		globals: []global{
			languageGlobal,
			{name: "command", match: isCommand, do: func(c *conv, _ Input) error { return e.command(c, c.in.command()) }},
			e.referenceGlobal(),
			{name: "status", match: asksStatus, do: e.answerStatus},
			{name: "my trainings", match: asksMyTrainings, do: func(c *conv, _ Input) error { e.showMine(c); return nil }},
			{name: "trainings", match: asksTrainings, do: func(c *conv, _ Input) error { e.startTrainings(c); return nil }},
			{name: "officer", match: asksOfficer, do: func(c *conv, _ Input) error { e.startTicket(c); return nil }},
			greetingGlobal,
			{name: "question", match: e.asksAboutQuestion, do: e.explainGlobal},
		},
	}
}

// languageGlobal: "english", "bahasa indonesia", "sorry, I don't speak
// Indonesian" switch the chat's language anywhere.
var languageGlobal = global{name: "language",
	match: func(c *conv, _ Input) bool { return c.lang != "" },
	do:    func(c *conv, _ Input) error { return c.setLanguage(c.lang) },
}

func isCommand(c *conv, in Input) bool { return in.command() != understand.CmdNone }

// greetingGlobal answers "halo", "assalamualaikum", "selamat pagi pak"
// and asks the current question again: a greeting never answers it.
var greetingGlobal = global{name: "greeting",
	match: func(c *conv, _ Input) bool { return isGreeting(c.norm) },
	do: func(c *conv, _ Input) error {
		switch {
		case c.s.New:
		case isSalam(c.norm):
			c.say("salam_reply")
		case c.s.Flow != "":
			c.say("greeting_again")
		default:
			c.desk.welcomeBack(c)
		}
		c.askCurrent()
		return nil
	},
}

// asksAboutQuestion: "apa itu NIB?", "knp hrs nama lengkap?" at a
// question is explained, never stored.
func (e *Engine) asksAboutQuestion(c *conv, in Input) bool {
	return isQuestion(in.Text) && !c.s.New && e.current(c.s) != nil
}

func (e *Engine) explainGlobal(c *conv, _ Input) error {
	e.explain(c)
	return nil
}
