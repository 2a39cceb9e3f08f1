package flows

import (
	"strings"
	"time"

	"sobat-ikm/store"
)

// conv is the work of one inbound message: the chat's session and owner as
// read inside the transaction, and the reply being built.
type conv struct {
	e     *Engine
	tx    *store.Tx
	s     *store.Session
	owner *store.Owner // nil when the chat's owner is not registered
	now   time.Time
	in    Input
	// erased: the chat's data was erased; its session is not written back.
	erased bool

	texts   []string
	choices []store.Choice
	ask     string
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
	return store.Reply{Text: strings.Join(c.texts, "\n\n"), Choices: c.choices, Ask: c.ask, Step: c.stepKey()}
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

// toMenu ends any flow, forgets its draft and shows the main menu.
func (c *conv) toMenu() {
	c.s.Flow, c.s.Step, c.s.Misses = "", "", 0
	clear(c.s.Data)
	c.showMenu()
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

// field reads a draft value.
func (c *conv) field(k string) string { return c.s.Data[k] }

func (c *conv) set(k, v string) { c.s.Data[k] = v }

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
