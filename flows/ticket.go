package flows

import (
	"errors"
	"strconv"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// ticketDraft is the owner's ticket being written to, or rated.
type ticketDraft struct {
	ID int64 `json:"id,omitempty"`
}

// ticketFlow lets an owner reach a person: their question opens a ticket
// (every officer is told), what they write next goes to it, BATAL closes
// it after a confirmation; once an officer closes it, they rate the
// answer. The flow's name and the rating step are the office's, which
// moves the chat there when an officer closes the ticket.
func (e *Engine) ticketFlow() *Flow {
	return &Flow{Name: office.RatingFlow, Steps: []*Step{
		{Name: "ask", Help: "ticket_ask_help", Verbatim: true, Ask: func(c *conv) { c.say("ticket_ask") }, Answer: e.answerTicketAsk},
		{Name: "open", Help: "ticket_open_help", Verbatim: true, Ask: e.askTicketOpen, Answer: e.answerTicketOpen},
		yesNoStep("close", "ticket_close_help", "ticket_close_yes", "ticket_close_no", e.askTicketClose, e.answerTicketClose),
		{Name: office.RatingStep, Help: "ticket_rate_help", Ask: askRating, Answer: e.answerRating},
	}}
}

// startTicket brings the owner to their open ticket, or asks their
// question; an owner not registered yet registers first (their consent
// covers what they write to the office).
func (e *Engine) startTicket(c *conv) {
	if c.owner == nil {
		c.sayOfficeContact() // (how to reach the office without registering)
		c.say("ticket_register_first")
		e.startRegister(c)
		e.register.Data(c).Then = "ticket"
		return
	}
	c.dropDraft()
	c.s.Flow = office.RatingFlow
	t, err := c.tx.OpenTicketOf(c.owner.ID)
	switch {
	case err == nil:
		draftOf[ticketDraft](c).ID = t.ID
		c.goTo(office.RatingFlow, "open")
	case errors.Is(err, store.ErrNotFound):
		c.sayOfficeContact()
		c.goTo(office.RatingFlow, "ask")
	default:
		c.fail(err)
	}
}

// asksOfficer: "mau bicara dgn petugas", "sambungkan ke manusia", "sy mau
// komplain".
func asksOfficer(c *conv, _ Input) bool {
	return c.s.Flow == "" && understand.HasPhrase(c.norm, "bicara dengan petugas", "bicara sama petugas", "hubungi petugas",
		"sambungkan ke manusia", "sambungkan ke petugas", "mau komplain", "ingin komplain", "mau mengadu", "talk to an officer",
		"talk to a person", "human")
}

// ownerMessage is what an owner's message gives a ticket: its text and
// its file; false (said why) when a file was refused and there is no text.
func ownerMessage(c *conv, in Input) (string, *store.StoredFile, bool) {
	text := strings.TrimSpace(in.Text)
	if in.FileRefused != "" {
		c.say("ticket_file_refused_" + in.FileRefused)
		if text == "" {
			return "", nil, false
		}
	} else if in.Media != "" && in.File == nil && text == "" {
		c.say("ticket_media_text")
		return "", nil, false
	}
	return text, in.File, true
}

func (e *Engine) answerTicketAsk(c *conv, in Input) error {
	text, file, ok := ownerMessage(c, in)
	if !ok {
		c.askCurrent()
		return nil
	}
	t, err := e.office.OpenTicket(c.tx, *c.owner, text, file)
	if errors.Is(err, office.ErrEmptyMessage) {
		return again("ticket_text_invalid", "Max", office.MaxTicketText)
	}
	if err != nil {
		return err
	}
	draftOf[ticketDraft](c).ID = t.ID
	h := e.office.Hours()
	if h.IsOpen(c.now) {
		c.say("ticket_opened", "Ref", t.Ref(), "Hours", e.office.HoursText(c.s.Language))
	} else {
		next := h.NextOpen(c.now)
		c.say("ticket_opened_closed", "Ref", t.Ref(), "Hours", e.office.HoursText(c.s.Language), "Next", showWhen(c, &next))
	}
	c.goTo(office.RatingFlow, "open")
	return nil
}

func (e *Engine) askTicketOpen(c *conv) {
	c.say("ticket_open", "Ref", store.TicketRef(draftOf[ticketDraft](c).ID))
}

// answerTicketOpen passes what the owner writes to their ticket; one
// closed meanwhile (by an officer) is said so.
func (e *Engine) answerTicketOpen(c *conv, in Input) error {
	d := draftOf[ticketDraft](c)
	t, err := c.tx.FindTicket(d.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err != nil || t.Status != store.TicketOpen || t.OwnerID != c.owner.ID {
		c.say("ticket_gone")
		c.toMenu()
		return nil
	}
	text, file, ok := ownerMessage(c, in)
	if !ok {
		return nil
	}
	if err := e.office.OwnerWrites(c.tx, *c.owner, d.ID, text, file); errors.Is(err, office.ErrEmptyMessage) {
		return again("ticket_text_invalid", "Max", office.MaxTicketText)
	} else if err != nil {
		return err
	}
	c.say("ticket_sent", "Ref", t.Ref())
	return nil
}

func (e *Engine) askTicketClose(c *conv) {
	c.say("ticket_close_ask", "Ref", store.TicketRef(draftOf[ticketDraft](c).ID))
}

func (e *Engine) answerTicketClose(c *conv, yes bool) error {
	d := draftOf[ticketDraft](c)
	if !yes {
		c.goTo(office.RatingFlow, "open")
		return nil
	}
	_, err := e.office.CloseTicket(c.tx, office.Actor{Name: store.AuthorOwner, Chat: c.s.Chat}, d.ID)
	if err != nil && !errors.Is(err, store.ErrTicketClosed) {
		return err
	}
	c.say("ticket_closed_by_you", "Ref", store.TicketRef(d.ID))
	c.toMenu()
	return nil
}

func askRating(c *conv) {
	c.say("ticket_rate_ask", "Ref", store.TicketRef(draftOf[ticketDraft](c).ID))
	opts := make([]store.Choice, 5)
	for i := range opts {
		opts[i] = store.Choice{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i + 1)}
	}
	c.offer(opts...)
}

// answerRating stores the owner's rating of a closed ticket: 1 to 5.
func (e *Engine) answerRating(c *conv, in Input) error {
	v := in.Choice
	if v == "" {
		v = strings.TrimSpace(in.Text)
	}
	n, ok := understand.Number(v)
	if !ok || n < 1 || n > 5 {
		return again("ticket_rate_invalid")
	}
	if c.owner == nil {
		c.toMenu()
		return nil
	}
	if err := e.office.RateTicket(c.tx, *c.owner, draftOf[ticketDraft](c).ID, n); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	c.say("ticket_rated")
	c.toMenu()
	return nil
}
