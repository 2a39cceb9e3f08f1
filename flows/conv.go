package flows

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// conv is the work of one inbound message: the chat's session and owner as
// read inside the transaction, and the reply being built.
type conv struct {
	e     *Engine
	tx    *store.Tx
	s     *store.Session
	owner *store.Owner // nil when the chat's owner is not registered
	// officer is set when the chat is a configured officer's; desk is
	// the officer desk then, the owner desk otherwise.
	officer *office.Officer
	desk    *desk
	// norm is the message normalized (understand.Normalize); lang the
	// language it asks for, if any.
	norm, lang string
	now        time.Time
	in         Input
	// erased: the chat's data was erased; its session is not written back.
	erased bool
	// draft is the current flow's draft, decoded from the session on
	// first use in the turn (draftOf) and written back at its end.
	draft any
	// failed is an internal error met where none can be returned (a
	// draft that cannot be decoded, a read in a question's Ask): the turn
	// fails with it and its transaction rolls back.
	failed error

	texts   []string
	choices []store.Choice
	// protected: the reply shows an NIB, a masked NIK or a certificate
	// number (Reply.Protect).
	protected bool
	ask       string
}

// t renders a message in the chat's language; kv are template field pairs.
func (c *conv) t(id string, kv ...any) string {
	return c.e.cat.Text(c.s.Language, id, kvMap(kv))
}

// say adds a paragraph to the reply.
func (c *conv) say(id string, kv ...any) { c.sayText(c.t(id, kv...)) }

func (c *conv) sayText(text string) {
	if text = strings.TrimSpace(text); text != "" {
		c.texts = append(c.texts, text)
	}
}

// offer sets the numbered choices of the reply (the last question's).
func (c *conv) offer(choices ...store.Choice) { c.choices = choices }

// reply merges what was said into one message, so that each owner message
// gets one answer with the choices of its last question.
func (c *conv) reply() store.Reply {
	return store.Reply{Text: strings.Join(c.texts, "\n\n"), Choices: c.choices, Ask: c.ask, Step: c.stepKey(), Protect: c.protected}
}

// stepKey names the question the chat is at: "flow/step", or "menu".
func (c *conv) stepKey() string {
	if c.s.Flow == "" {
		return "menu"
	}
	return c.s.Flow + "/" + c.s.Step
}

// goTo moves the chat to a step and asks its question.
func (c *conv) goTo(flow, step string) {
	c.s.Flow, c.s.Step, c.s.Misses = flow, step, 0
	c.askCurrent()
}

// askCurrent asks the current step's question again, or shows the menu.
func (c *conv) askCurrent() {
	st := c.e.current(c.s)
	if st == nil {
		c.showMenu()
		return
	}
	st.Ask(c)
}

// showMenu asks the desk's main menu question.
func (c *conv) showMenu() { c.desk.showMenu(c) }

// toMenu ends any flow, forgets its draft and where an interruption
// would have gone back to, and shows the main menu.
func (c *conv) toMenu() {
	c.s.Flow, c.s.Step, c.s.Misses = "", "", 0
	c.s.Return = nil
	c.dropDraft()
	c.showMenu()
}

// dropDraft forgets the draft of the flow in progress.
func (c *conv) dropDraft() {
	c.draft, c.s.Draft = nil, nil
}

// draftOf is the current flow's draft as its typed value, decoded once
// per turn; a flow started afresh begins with the zero value. A flow uses
// one draft type for all its steps.
func draftOf[D any](c *conv) *D {
	if d, ok := c.draft.(*D); ok {
		return d
	}
	d := new(D)
	if len(c.s.Draft) > 0 && c.draft == nil {
		if err := json.Unmarshal(c.s.Draft, d); err != nil {
			c.fail(fmt.Errorf("decode draft of %s: %w", c.s.Flow, err))
		}
	}
	c.draft = d
	return d
}

// fail records an internal error met where none can be returned; the
// first one wins.
func (c *conv) fail(err error) {
	if err != nil && c.failed == nil {
		c.failed = err
	}
}

// keepDraft encodes the turn's draft back into the session (or reports
// the turn's failure).
func (c *conv) keepDraft() error {
	if c.failed != nil {
		return c.failed
	}
	if c.draft == nil {
		return nil
	}
	raw, err := json.Marshal(c.draft)
	if err != nil {
		return fmt.Errorf("encode draft of %s: %w", c.s.Flow, err)
	}
	c.s.Draft = raw
	return nil
}

// cancel ends the flow in progress, saying that what was saved before
// (if anything) is safe, and shows the menu.
func (c *conv) cancel() {
	if c.owner == nil {
		c.say("cancel_done_unregistered")
	} else {
		c.say("cancel_done")
	}
	c.toMenu()
}

// quote shortens owner text for echoing it back.
func quote(s string) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// choice builds a numbered choice from a value and a message id.
func (c *conv) choice(value, labelID string) store.Choice {
	return store.Choice{Value: value, Label: c.t(labelID)}
}
