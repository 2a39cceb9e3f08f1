package office

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// The audit log's actions on tickets, and where an owner's chat answers
// the rating question (the flow and step the chat is moved to when an
// officer closes the ticket).
const (
	ActionTicketClose = "ticket.close"
	AuditTicket       = "ticket"

	RatingFlow = "ticket"
	RatingStep = "rate"
)

// MaxTicketText is how long one message of a ticket may be.
const MaxTicketText = 2000

var (
	// ErrNotYours: the officer answers a ticket another officer took.
	ErrNotYours = errors.New("office: another officer took the ticket")
	// ErrEmptyMessage: a message without text or file, or too long.
	ErrEmptyMessage = errors.New("office: a message needs a text (at most 2000 characters) or a file")
)

// ticketReminderKey is the prefix of the dedupe keys of a ticket's
// reminders to officers.
func ticketReminderKey(id int64) string { return fmt.Sprintf("remind:ticket:%d:", id) }

// OpenTicket opens a ticket for an owner with their first message (or
// adds it to the one they have open), tells every officer, and plans the
// officers' reminder for when it is still unanswered after a working day
// (at the office's next opening, 08:00 WITA by default).
func (o *Office) OpenTicket(tx *store.Tx, owner store.Owner, text string, file *store.StoredFile) (store.Ticket, error) {
	now := o.now()
	if t, err := tx.OpenTicketOf(owner.ID); err == nil {
		return t, o.OwnerWrites(tx, owner, t.ID, text, file)
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Ticket{}, fmt.Errorf("office: open ticket: %w", err)
	}
	if err := checkMessage(text, file); err != nil {
		return store.Ticket{}, err
	}
	t, err := tx.OpenTicket(owner.ID, now)
	if err != nil {
		return store.Ticket{}, fmt.Errorf("office: %w", err)
	}
	if err := o.addMessage(tx, t.ID, store.AuthorOwner, text, file, now); err != nil {
		return store.Ticket{}, err
	}
	first := excerpt(text, 300)
	if file != nil && first == "" {
		first = "[" + file.Type + "]"
	}
	for _, off := range o.staff {
		err := o.tellOfficerFile(tx, off, file, "ticket_new_officer", fmt.Sprintf("notice:ticket:%d:new:%s", t.ID, off.Name),
			"Ref", t.Ref(), "Name", owner.Name, "Business", owner.BusinessName, "RegNo", owner.RegNo(), "Text", first)
		if err != nil {
			return store.Ticket{}, err
		}
		at := o.hours.NextOpening(o.hours.AfterWorkingDay(now))
		if _, err := tx.Enqueue(store.OutboxMessage{Chat: off.Chat, Kind: store.KindReminder,
			Reply:     store.Reply{Text: o.cat.Text(locales.Default, "ticket_late_officer", map[string]any{"Ref": t.Ref(), "Business": owner.BusinessName})},
			DedupeKey: ticketReminderKey(t.ID) + off.Name, NotBefore: at, ExpiresAt: at.Add(ReminderGrace), CreatedAt: now}); err != nil {
			return store.Ticket{}, fmt.Errorf("office: plan ticket reminder: %w", err)
		}
	}
	return t, nil
}

// checkMessage refuses a message with nothing in it, or too long.
func checkMessage(text string, file *store.StoredFile) error {
	text = strings.TrimSpace(text)
	if text == "" && file == nil || utf8.RuneCountInString(text) > MaxTicketText {
		return ErrEmptyMessage
	}
	return nil
}

func (o *Office) addMessage(tx *store.Tx, id int64, author, text string, file *store.StoredFile, now time.Time) error {
	m := store.TicketMessage{TicketID: id, Author: author, Body: strings.TrimSpace(text), At: now}
	if file != nil {
		m.File, m.FileType = file.Name, file.Type
	}
	if err := tx.AddTicketMessage(&m); err != nil {
		if errors.Is(err, store.ErrTicketClosed) {
			return err
		}
		return fmt.Errorf("office: %w", err)
	}
	return nil
}

// OwnerWrites adds an owner's message to their open ticket and passes it
// on to the officer who took it (every officer while none has).
func (o *Office) OwnerWrites(tx *store.Tx, owner store.Owner, id int64, text string, file *store.StoredFile) error {
	if err := checkMessage(text, file); err != nil {
		return err
	}
	t, err := tx.FindTicket(id)
	if err != nil {
		return fmt.Errorf("office: %w", err)
	}
	if t.OwnerID != owner.ID {
		return store.ErrNotFound // (never another owner's ticket)
	}
	now := o.now()
	if err := o.addMessage(tx, id, store.AuthorOwner, text, file, now); err != nil {
		return err
	}
	body := excerpt(text, 500)
	if file != nil {
		body = strings.TrimSpace(body + " [" + file.Type + "]")
	}
	for _, off := range o.staff {
		if t.Officer != "" && !strings.EqualFold(off.Name, t.Officer) {
			continue
		}
		if err := o.tellOfficerFile(tx, off, file, "ticket_owner_wrote", "", "Ref", t.Ref(), "Business", owner.BusinessName, "Text", body); err != nil {
			return err
		}
	}
	return nil
}

// TakeTicket gives a ticket to an officer; the other officers are told
// who took it. taken is false when another officer has it (t.Officer).
func (o *Office) TakeTicket(tx *store.Tx, by Actor, id int64) (store.Ticket, bool, error) {
	if err := checkAction(by, ""); err != nil {
		return store.Ticket{}, false, err
	}
	t, taken, err := tx.TakeTicket(id, by.Name, o.now())
	if err != nil || !taken {
		return t, taken, err
	}
	for _, off := range o.staff {
		if strings.EqualFold(off.Name, by.Name) {
			continue
		}
		if err := o.tellOfficer(tx, off, "ticket_taken_officer", fmt.Sprintf("notice:ticket:%d:taken:%s", id, off.Name),
			"Ref", t.Ref(), "Officer", by.Name); err != nil {
			return store.Ticket{}, false, err
		}
	}
	return t, true, nil
}

// ReplyTicket sends an officer's answer to the ticket's owner, signed
// with the officer's name, and takes the ticket for them if no one had;
// an officer may not answer a ticket another officer took (ErrNotYours).
// The owner's notice goes to the chat they used last.
func (o *Office) ReplyTicket(tx *store.Tx, by Actor, id int64, text string) (store.Ticket, error) {
	if err := checkAction(by, ""); err != nil {
		return store.Ticket{}, err
	}
	if err := checkMessage(text, nil); err != nil {
		return store.Ticket{}, err
	}
	t, taken, err := o.TakeTicket(tx, by, id)
	if err != nil {
		return t, err
	}
	if !taken {
		return t, ErrNotYours
	}
	now := o.now()
	if err := o.addMessage(tx, id, by.Name, text, nil, now); err != nil {
		return t, err
	}
	if _, err := tx.CancelOutbox(ticketReminderKey(id)); err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	owner, err := tx.FindOwnerByID(t.OwnerID)
	if err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	msgs, err := tx.TicketMessages(id)
	if err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	return t, o.tellOwner(tx, owner, "ticket_answer", fmt.Sprintf("notice:ticket:%d:msg:%d", id, msgs[len(msgs)-1].ID), nil,
		"Ref", t.Ref(), "Officer", by.Name, "Text", strings.TrimSpace(text))
}

// CloseTicket closes a ticket. Closed by an officer, the owner is told
// and asked for a rating from 1 to 5 (their chat is moved to that
// question when it is not in the middle of something else); closed by
// the owner (by.Name "owner"), the officer who had it is told.
func (o *Office) CloseTicket(tx *store.Tx, by Actor, id int64) (store.Ticket, error) {
	if err := checkAction(by, ""); err != nil {
		return store.Ticket{}, err
	}
	now := o.now()
	t, err := tx.FindTicket(id)
	if err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	if err := tx.CloseTicket(id, by.Name, now); err != nil {
		return t, err
	}
	if _, err := tx.CancelOutbox(ticketReminderKey(id)); err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	if _, err := o.audit(tx, by, now, ActionTicketClose, AuditTicket, id, ""); err != nil {
		return t, err
	}
	owner, err := tx.FindOwnerByID(t.OwnerID)
	if err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	if by.Name == store.AuthorOwner {
		for _, off := range o.staff {
			if t.Officer == "" || strings.EqualFold(off.Name, t.Officer) {
				if err := o.tellOfficer(tx, off, "ticket_closed_by_owner", fmt.Sprintf("notice:ticket:%d:closed:%s", id, off.Name),
					"Ref", t.Ref(), "Business", owner.BusinessName); err != nil {
					return t, err
				}
			}
		}
		return t, nil
	}
	chat, ok, err := o.NoticeChat(tx, owner.ID)
	if err != nil || !ok {
		return t, err
	}
	sess, err := tx.FindSession(chat)
	if err != nil {
		return t, fmt.Errorf("office: %w", err)
	}
	rate := []store.Choice{}
	for i := 1; i <= 5; i++ {
		rate = append(rate, store.Choice{Value: fmt.Sprint(i), Label: fmt.Sprint(i)})
	}
	if sess.Flow == "" || sess.Flow == RatingFlow { // (never over a form being filled)
		sess.Flow, sess.Step, sess.Misses = RatingFlow, RatingStep, 0
		sess.Draft = []byte(fmt.Sprintf(`{"id":%d}`, id))
		sess.UpdatedAt = now
		if err := tx.SaveSession(sess); err != nil {
			return t, fmt.Errorf("office: %w", err)
		}
	} else {
		rate = nil
	}
	return t, o.tellOwner(tx, owner, "ticket_closed_owner", fmt.Sprintf("notice:ticket:%d:closed", id), rate, "Ref", t.Ref(), "Officer", by.Name)
}

// RateTicket records an owner's rating (1 to 5) of their closed ticket.
func (o *Office) RateTicket(tx *store.Tx, owner store.Owner, id int64, rating int) error {
	t, err := tx.FindTicket(id)
	if err != nil {
		return fmt.Errorf("office: %w", err)
	}
	if t.OwnerID != owner.ID || rating < 1 || rating > 5 {
		return store.ErrNotFound
	}
	return tx.RateTicket(id, rating, o.now())
}

// tellOfficer queues a notice to an officer's chat, in Indonesian.
func (o *Office) tellOfficer(tx *store.Tx, off Officer, message, key string, kv ...any) error {
	return o.tellOfficerFile(tx, off, nil, message, key, kv...)
}

// tellOfficerFile is tellOfficer with an owner's file passed on with it,
// where the officer's channel carries files.
func (o *Office) tellOfficerFile(tx *store.Tx, off Officer, file *store.StoredFile, message, key string, kv ...any) error {
	now := o.now()
	reply := store.Reply{Text: o.cat.Text(locales.Default, message, pairs(kv))}
	if file != nil {
		reply.File, reply.FileType = file.Name, file.Type
	}
	if _, err := tx.Enqueue(store.OutboxMessage{Chat: off.Chat, Kind: store.KindNotice,
		Reply: reply, DedupeKey: key, NotBefore: now, CreatedAt: now}); err != nil {
		return fmt.Errorf("office: tell %s: %w", off.Name, err)
	}
	return nil
}

// tellOwner queues a notice to an owner's chat, in their language;
// choices answer the rating question.
func (o *Office) tellOwner(tx *store.Tx, owner store.Owner, message, key string, choices []store.Choice, kv ...any) error {
	n := notice{owner: owner, message: message, data: pairs(kv), key: key, choices: choices, at: o.now()}
	if len(choices) > 0 {
		n.step = RatingFlow + "/" + RatingStep
	}
	_, _, err := o.notify(tx, n)
	return err
}

// pairs makes a template's data of name and value pairs.
func pairs(kv []any) map[string]any {
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			data[k] = kv[i+1]
		}
	}
	return data
}

// excerpt is the start of a text, at most n characters.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// TicketRekap is the office's numbers of tickets in a year.
type TicketRekap struct {
	Opened, Answered int
	// WithinDay: answered within a working day; MedianFirst: the median
	// time to the first answer; Rating: the average rating (0: none).
	WithinDay   int
	MedianFirst time.Duration
	Rating      float64
	Rated       int
}

// ticketRekap counts the year's tickets.
func (o *Office) ticketRekap(r store.Reader, year int) (TicketRekap, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, WITA())
	c, err := r.CountTickets(from, from.AddDate(1, 0, 0))
	if err != nil {
		return TicketRekap{}, fmt.Errorf("office: rekap: %w", err)
	}
	rk := TicketRekap{Opened: c.Opened, Answered: c.Answered, Rated: c.Rated}
	var waits []time.Duration
	for _, f := range c.FirstAnswers {
		waits = append(waits, f.Answered.Sub(f.Opened))
		if !f.Answered.After(o.hours.AfterWorkingDay(f.Opened)) {
			rk.WithinDay++
		}
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		rk.MedianFirst = waits[len(waits)/2]
	}
	if c.Rated > 0 {
		rk.Rating = float64(c.RatingSum) / float64(c.Rated)
	}
	return rk, nil
}
