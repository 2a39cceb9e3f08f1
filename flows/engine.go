package flows

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// IdleReset is how long a conversation may rest before it starts again
// from the menu.
const IdleReset = 24 * time.Hour

// maxInputBytes bounds how much of one message is looked at; longer text
// is still answered (every field has a smaller limit of its own).
const maxInputBytes = 8 << 10

// Engine runs conversations. It holds no per-chat state: everything about
// a chat is read from and written to the store on each message.
type Engine struct {
	cat      *locales.Catalog
	flows    map[string]*Flow
	register *Form[ownerDraft]
	halal    *Form[halalDraft]
	tkdn     *Form[tkdnDraft]
	// newTraining creates a training (officers).
	newTraining *Form[newTrainingDraft]
	// newBroadcast creates an announcement (officers).
	newBroadcast *Form[newBroadcastDraft]
	office       *office.Office
	officers     map[store.ChatKey]office.Officer
	owners       *desk  // the owner desk
	staff        *desk  // the officer desk
	webURL       string // where the officers' web console is reached ("" when not served)
}

// An Option configures the engine.
type Option func(*Engine)

// WithOffice sets the office the flows act through (default: one on the
// system clock, with the default profile).
func WithOffice(o *office.Office) Option { return func(e *Engine) { e.office = o } }

// WithOfficers sets the officers: their chats get the officer desk.
// Officers come from configuration only, never from a chat.
func WithOfficers(officers []office.Officer) Option {
	return func(e *Engine) {
		for _, o := range officers {
			e.officers[o.Chat] = o
		}
	}
}

// WithWebURL is where the officers' web console is reached: an officer
// typing "web" in chat gets a login link to it.
func WithWebURL(u string) Option { return func(e *Engine) { e.webURL = u } }

// New builds the engine with all flows.
func New(cat *locales.Catalog, opts ...Option) *Engine {
	e := &Engine{cat: cat, flows: map[string]*Flow{}, register: registerForm(), halal: halalForm(), tkdn: tkdnForm(), newTraining: newTrainingForm(), newBroadcast: newBroadcastForm(), officers: map[store.ChatKey]office.Officer{}}
	for _, opt := range opts {
		opt(e)
	}
	if e.office == nil {
		e.office = office.New(cat, time.Now)
	}
	e.owners, e.staff = e.ownerDesk(), e.officerDesk()
	for _, f := range []*Flow{e.register.Flow(), e.halal.Flow(), e.tkdn.Flow(), languageFlow(), eraseFlow(), leaveFlow(e), e.officerFlow(), e.appsFlow(), e.trainingFlow(), e.otrainFlow(), e.newTraining.Flow(), e.obroadcastFlow(), e.newBroadcast.Flow(), e.ticketFlow()} {
		e.flows[f.Name] = f
	}
	return e
}

// current returns the step the session is at, or nil at the menu.
func (e *Engine) current(s *store.Session) *Step {
	f, ok := e.flows[s.Flow]
	if !ok {
		return nil
	}
	return f.step(s.Step)
}

// Handle runs one inbound message of chat through its conversation inside
// tx: it reads and writes the session and the domain rows and returns the
// reply to queue. It never returns an error for anything the owner typed.
func (e *Engine) Handle(tx *store.Tx, chat store.ChatKey, in Input) (store.Reply, error) {
	sess, err := tx.FindSession(chat)
	if err != nil {
		return store.Reply{}, fmt.Errorf("flows: %w", err)
	}
	if in.Group {
		// Nothing is kept about a group: one short note, in its language.
		return store.Reply{Text: e.cat.Text(sess.Language, "group_private_only", nil)}, nil
	}
	c := &conv{e: e, tx: tx, s: &sess, now: in.At, in: in, desk: e.owners}
	if off, ok := e.officers[chat]; ok {
		c.officer, c.desk = &off, e.staff
	}
	if !c.desk.has(sess.Flow) { // (a chat whose role changed)
		sess.Flow, sess.Step, sess.Return, sess.Draft = "", "", nil, nil
	}
	owner, err := tx.FindOwnerByChat(chat)
	switch {
	case err == nil:
		c.owner = &owner
		if sess.New {
			sess.Language = owner.Language
		}
	case !errors.Is(err, store.ErrNotFound):
		return store.Reply{}, fmt.Errorf("flows: %w", err)
	}
	if !e.cat.Supported(sess.Language) {
		sess.Language = locales.Default
	}
	if err := e.handle(c, in); err != nil {
		return store.Reply{}, fmt.Errorf("flows: %s/%s: %w", sess.Flow, sess.Step, err)
	}
	if c.erased {
		// Erased for good: not even the chat's address stays in a
		// session. The next message is greeted as a first one.
		return c.reply(), nil
	}
	if err := c.keepDraft(); err != nil {
		return store.Reply{}, fmt.Errorf("flows: %w", err)
	}
	sess.UpdatedAt = in.At
	sess.New = false
	if err := tx.SaveSession(sess); err != nil {
		return store.Reply{}, fmt.Errorf("flows: %w", err)
	}
	r := c.reply()
	// An officer's replies quote owners' data: none is kept once sent.
	r.Forget = c.officer != nil
	return r, nil
}

// Apology is the reply when something failed on our side: the owner's
// message was not processed and may be sent again.
func (e *Engine) Apology(tx *store.Tx, chat store.ChatKey) (store.Reply, error) {
	sess, err := tx.FindSession(chat)
	if err != nil {
		return store.Reply{}, fmt.Errorf("flows: apology: %w", err)
	}
	return store.Reply{Text: e.cat.Text(sess.Language, "error_internal", nil)}, nil
}

func (e *Engine) handle(c *conv, in Input) error {
	raw := in.Text
	// "poasia eh bukan, kambu": the owner means what follows the correction.
	p := in.prepared()
	in.Text = p.clean
	norm := p.norm
	lang := p.lang // the language the message asks for, if any
	if c.s.New {
		if lang != "" && e.cat.Supported(lang) {
			c.s.Language = lang // "sorry, I don't speak Indonesian": greet in English
		}
		if isSalam(norm) {
			c.say("salam_reply")
		}
		c.desk.welcome(c)
	} else if c.s.Flow != "" && c.now.Sub(c.s.UpdatedAt) > IdleReset {
		e.idleReset(c)
		return nil
	}
	if in.Choice == "" && in.Text == "" && in.Phone == "" {
		switch {
		case in.Media != "" && c.s.New: // nothing was asked yet: the welcome and the menu say what to do
		case in.Media != "":
			c.say("media_not_text", "Kind", c.t("media_"+mediaKind(in.Media)))
		case strings.TrimSpace(raw) != "":
			c.say("unreadable_message")
		case !c.s.New:
			c.say("empty_message")
		}
		c.askCurrent()
		return nil
	}
	if in.Choice != "" && in.ChoiceStep != "" && in.ChoiceStep != c.stepKey() {
		c.say("choice_stale")
		c.askCurrent()
		return nil
	}
	if in.Choice == "" && in.Text != "" {
		c.norm, c.lang = norm, lang
		verbatim := false
		if st := e.current(c.s); st != nil {
			verbatim = st.Verbatim
		}
		for _, g := range c.desk.globals {
			if verbatim && (g.name != "command" || !wholeCommand(in.command())) {
				continue // (text kept as typed: "web", a "?" or a reference inside it are part of it)
			}
			if g.match(c, in) {
				return g.do(c, in)
			}
		}
	}
	st := e.current(c.s)
	if st == nil {
		return c.desk.choose(c, in)
	}
	err := st.Answer(c, in)
	var r *retry
	if errors.As(err, &r) {
		c.s.Misses++
		c.sayText(e.cat.Text(c.s.Language, r.msg, r.data))
		if c.s.Misses >= 3 {
			c.say("retry_offer_help")
		}
		st.Ask(c)
		return nil
	}
	return err
}

// wholeCommand reports whether a message's command is one of the words
// that work at a step taking text as typed: MENU, BATAL, BANTUAN, BAHASA,
// each as the whole message ("... terima pengumuman lagi" inside an announcement is
// not a command there).
func wholeCommand(cmd understand.Command) bool {
	switch cmd {
	case understand.CmdMenu, understand.CmdCancel, understand.CmdHelp, understand.CmdLanguage,
		understand.CmdMyData, understand.CmdErase, understand.CmdStop, understand.CmdResume:
		return true
	}
	return false
}

// cleanText repairs invalid UTF-8, drops control characters and bounds
// the size of what is looked at.
func cleanText(s string) string {
	if len(s) > maxInputBytes {
		s = s[:maxInputBytes]
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			return -1 // zero-width characters pasted from other apps
		}
		return r
	}, s)
	s = norm.NFKC.String(s) // full-width letters and look-alike forms as plain ones
	return strings.TrimSpace(s)
}

func mediaKind(kind string) string {
	switch kind {
	case "photo", "video", "document", "voice", "audio", "sticker", "location", "contact":
		return kind
	}
	return "other"
}

// idleReset starts a conversation left for too long again from the menu,
// saying what was kept.
func (e *Engine) idleReset(c *conv) {
	c.say("idle_reset")
	switch {
	case c.owner != nil:
		c.say("idle_kept_registered", "RegNo", c.owner.RegNo())
	case len(c.s.Draft) > 0:
		c.say("idle_draft_dropped")
	}
	c.toMenu()
}

// command applies a global word.
func (e *Engine) command(c *conv, cmd understand.Command) error {
	switch cmd {
	case understand.CmdMenu:
		if c.inForm() {
			c.interrupt("leave", "menu") // answers given: ask first
			return nil
		}
		c.toMenu()
	case understand.CmdCancel:
		switch {
		case c.s.Flow == office.RatingFlow && c.s.Step == "open":
			c.goTo(office.RatingFlow, "close") // closing the ticket: ask first
		case c.s.Flow != "":
			c.cancel()
		case e.cancelsTraining(c):
			// "BATAL" answering a reminder or a promotion: which seat?
		default:
			c.say("cancel_nothing")
			c.toMenu()
		}
	case understand.CmdHelp:
		e.explain(c)
	case understand.CmdLanguage:
		c.interrupt("language", "choose")
	case understand.CmdMyData:
		e.showMyData(c)
		c.askCurrent()
	case understand.CmdErase:
		c.interrupt("erase", "confirm")
	case understand.CmdStop:
		if c.inForm() {
			c.interrupt("leave", "stop") // stop filling in, or stop announcements?
			return nil
		}
		return e.setBroadcasts(c, false)
	case understand.CmdResume:
		return e.setBroadcasts(c, true)
	default:
		c.askCurrent()
	}
	return nil
}

// explain gives the help of the current question and asks it again.
func (e *Engine) explain(c *conv) {
	if st := e.current(c.s); st != nil {
		c.say(st.Help)
		st.Ask(c)
		return
	}
	c.say(c.desk.help)
	c.showMenu()
}

// interrupt runs a short flow (language, erase) and remembers where to
// come back to, keeping the draft of the flow in progress: a short flow
// keeps no draft of its own. Interrupting a short flow with another one
// replaces it.
func (c *conv) interrupt(flow, step string) {
	if f, ok := c.e.flows[c.s.Flow]; !ok || !f.Short {
		c.s.Return = append(c.s.Return, store.Position{Flow: c.s.Flow, Step: c.s.Step})
	}
	c.goTo(flow, step)
}

// resume goes back to where the last interruption started and asks its
// question.
func (c *conv) resume() {
	if !c.back() {
		c.toMenu()
		return
	}
	c.askCurrent()
}

// back moves the chat to where the last interruption started, without
// asking anything; false when that was the menu.
func (c *conv) back() bool {
	n := len(c.s.Return)
	if n == 0 {
		return false
	}
	at := c.s.Return[n-1]
	c.s.Return = c.s.Return[:n-1]
	c.s.Flow, c.s.Step, c.s.Misses = at.Flow, at.Step, 0
	return at.Flow != ""
}

// setBroadcasts records whether the owner wants announcements
// ("berhenti", "aktifkan pengumuman") and asks the current question again.
func (e *Engine) setBroadcasts(c *conv, on bool) error {
	switch {
	case c.owner == nil:
		c.say("stop_not_registered")
	default:
		if err := c.tx.SetBroadcastOptOut(c.owner.ID, !on, c.now); err != nil {
			return err
		}
		c.owner.BroadcastOptOut = !on
		if !on { // (announcements already queued for them are not sent either)
			if _, err := c.tx.SkipRecipients(0, c.owner.ID, store.SkipOptedOut, c.now); err != nil {
				return err
			}
		}
		if on {
			c.say("broadcasts_resumed")
		} else {
			c.say("stop_done")
		}
	}
	c.askCurrent()
	return nil
}
