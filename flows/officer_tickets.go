package flows

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// ticketsShown is how many open tickets the officer's list shows.
const ticketsShown = 10

// ticketCommand is an officer's word about a ticket: "tiket" (the open
// ones), "ambil T-000042", "balas T-000042 <teks>", "tutup T-000042", or
// the number alone (the thread).
var ticketCommand = regexp.MustCompile(`(?is)^\s*(ambil|take|balas|jawab|reply|tutup|close)?\s*T\s*-?\s*0*(\d{1,9})\b[\s:,.-]*(.*)$`)

// asksTickets: "tiket", "tiket terbuka", "tickets".
func asksTickets(c *conv, in Input) bool {
	return in.Choice == "" && (c.norm == "tiket" || c.norm == "tiket terbuka" || c.norm == "tickets" || c.norm == "daftar tiket")
}

// isTicketCommand reports whether the officer's message is about a
// ticket.
func isTicketCommand(c *conv, in Input) bool {
	return in.Choice == "" && (asksTickets(c, in) || ticketCommand.MatchString(in.Text))
}

// officerTickets answers an officer's ticket word through the office,
// as the command line and the web console do.
func (e *Engine) officerTickets(c *conv, in Input) error {
	if asksTickets(c, in) {
		e.listTickets(c)
		c.askCurrent()
		return nil
	}
	m := ticketCommand.FindStringSubmatch(in.Text)
	id, _ := strconv.ParseInt(m[2], 10, 64)
	verb, text := strings.ToLower(m[1]), strings.TrimSpace(m[3])
	by := office.Actor{Name: c.officer.Name, Chat: c.s.Chat}
	ref := store.TicketRef(id)
	if _, err := c.tx.FindTicket(id); errors.Is(err, store.ErrNotFound) {
		c.say("oticket_unknown", "Ref", ref)
		c.askCurrent()
		return nil
	} else if err != nil {
		return err
	}
	var err error
	switch verb {
	case "ambil", "take":
		var t store.Ticket
		var taken bool
		if t, taken, err = e.office.TakeTicket(c.tx, by, id); err == nil {
			if taken {
				c.say("oticket_taken", "Ref", ref)
				e.showThread(c, id)
			} else {
				c.say("oticket_not_yours", "Ref", ref, "Officer", t.Officer)
			}
		}
	case "balas", "jawab", "reply":
		if text == "" {
			c.say("oticket_reply_how", "Ref", ref)
			break
		}
		var t store.Ticket
		if t, err = e.office.ReplyTicket(c.tx, by, id, text); err == nil {
			c.say("oticket_replied", "Ref", ref)
		} else if errors.Is(err, office.ErrNotYours) {
			c.say("oticket_not_yours", "Ref", ref, "Officer", t.Officer)
			err = nil
		} else if errors.Is(err, office.ErrEmptyMessage) {
			c.say("oticket_reply_how", "Ref", ref)
			err = nil
		}
	case "tutup", "close":
		if _, err = e.office.CloseTicket(c.tx, by, id); err == nil {
			c.say("oticket_closed", "Ref", ref)
		}
	default:
		e.showThread(c, id)
	}
	if errors.Is(err, store.ErrTicketClosed) {
		c.say("oticket_is_closed", "Ref", ref)
		err = nil
	}
	if err != nil {
		return err
	}
	c.askCurrent()
	return nil
}

// listTickets lists the open tickets, oldest first, with how long each
// waits and who has it.
func (e *Engine) listTickets(c *conv) {
	ts, err := c.tx.Tickets(store.TicketOpen, 0, ticketsShown)
	if err != nil {
		c.fail(err)
		return
	}
	if len(ts) == 0 {
		c.say("oticket_none")
		return
	}
	lines := make([]string, 0, len(ts))
	for _, t := range ts {
		business := c.t("app_cli_erased")
		if o, err := c.tx.FindOwnerByID(t.OwnerID); err == nil {
			business = o.BusinessName
		}
		who := c.t("oticket_free")
		if t.Officer != "" {
			who = t.Officer
		}
		lines = append(lines, c.t("oticket_item", "Ref", t.Ref(), "Business", business, "Waiting", waited(c, c.now.Sub(t.OpenedAt)), "Who", who))
	}
	c.say("oticket_list", "List", strings.Join(lines, "\n"))
}

// showThread shows a ticket's messages.
func (e *Engine) showThread(c *conv, id int64) {
	t, err := c.tx.FindTicket(id)
	if err != nil {
		c.fail(err)
		return
	}
	msgs, err := c.tx.TicketMessages(id)
	if err != nil {
		c.fail(err)
		return
	}
	owner := c.t("app_cli_erased")
	if o, err := c.tx.FindOwnerByID(t.OwnerID); err == nil {
		owner = fmt.Sprintf("%s, %s (%s)", o.Name, o.BusinessName, o.RegNo())
	}
	lines := []string{c.t("oticket_thread", "Ref", t.Ref(), "Owner", owner, "State", c.t("oticket_state_"+t.Status))}
	for _, m := range msgs {
		who := m.Author
		if who == store.AuthorOwner {
			who = c.t("oticket_author_owner")
		}
		body := m.Body
		if m.File != "" {
			body = strings.TrimSpace(body + " " + c.t("oticket_file", "Type", m.FileType))
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s", m.At.In(wita).Format("02/01 15.04"), who, body))
	}
	c.sayText(strings.Join(lines, "\n"))
	if t.Status == store.TicketOpen {
		c.say("oticket_thread_how", "Ref", t.Ref())
	}
}

// waited writes a wait in hours, or days past two days.
func waited(c *conv, d time.Duration) string {
	if h := int(d.Hours()); h >= 48 {
		return c.t("oticket_days", "N", h/24)
	} else if h >= 1 {
		return c.t("oticket_hours", "N", h)
	}
	return c.t("oticket_minutes", "N", max(int(d.Minutes()), 0))
}
