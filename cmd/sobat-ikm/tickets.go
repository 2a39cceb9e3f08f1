package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const ticketsUsage = `usage: sobat-ikm [-db FILE] tickets COMMAND [arguments] [flags]

Owners' questions to a person (Hubungi petugas in chat). Every officer is
told of a new ticket in their own chat; an answer goes to the owner's chat
signed with the officer's name.

commands:
  list [-closed|-all]            the open tickets, the longest waiting first
  show T-000042                  the ticket and its messages (files: their kept names and types)
  reply T-000042 -by NAME TEXT   answer the owner (takes the ticket when no one has)
  close T-000042 -by NAME        close it; the owner is asked to rate the answer
`

// runTickets runs "sobat-ikm tickets COMMAND ...".
func runTickets(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "tickets", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	return r.runGroup(args, ticketsUsage, map[string]func([]string) int{
		"list":  func(a []string) int { return r.listTickets(ctx, a) },
		"show":  func(a []string) int { return r.showTicket(ctx, a) },
		"reply": func(a []string) int { return r.replyTicket(ctx, a) },
		"close": func(a []string) int { return r.closeTicket(ctx, a) },
	})
}

// ticketID reads a ticket's number: "T-000042", "t42" or "42".
func (r ownersRun) ticketID(cmd, s string) (int64, bool) {
	v := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "T"), "-"), "0")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(r.stderr, "sobat-ikm tickets %s: %q is not a ticket's number such as T-000042\n", cmd, s)
		return 0, false
	}
	return id, true
}

func (r ownersRun) listTickets(ctx context.Context, args []string) int {
	fs := r.flags("list", ticketsUsage)
	closed := fs.Bool("closed", false, "the closed tickets, newest first")
	all := fs.Bool("all", false, "every ticket, newest first")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	status := store.TicketOpen
	switch {
	case *all:
		status = ""
	case *closed:
		status = store.TicketClosed
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("list", err)
	}
	defer d.db.Close()
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	err = d.db.View(ctx, func(tx *store.ReadTx) error {
		ts, err := tx.Tickets(status, 0, 200)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "TIKET\tPEMILIK\tUSAHA\tDIBUKA (WITA)\tPETUGAS\tSTATUS\tNILAI")
		for _, t := range ts {
			regno, business := "-", d.t("app_cli_erased")
			if o, err := tx.FindOwnerByID(t.OwnerID); err == nil {
				regno, business = o.RegNo(), o.BusinessName
			}
			rating := "-"
			if t.Rating > 0 {
				rating = strconv.Itoa(t.Rating)
			}
			state := d.t("oticket_state_" + t.Status)
			if t.Status == store.TicketOpen {
				state += ", " + d.off.Duration(d.lang, r.now().Sub(t.OpenedAt))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.Ref(), regno, business, office.ShowTime(t.OpenedAt), orDash(t.Officer), state, rating)
		}
		return nil
	})
	if err != nil {
		return r.fail("list", err)
	}
	w.Flush()
	return 0
}

func (r ownersRun) showTicket(ctx context.Context, args []string) int {
	fs := r.flags("show", ticketsUsage)
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.ticketID("show", rest[0])
	if !ok {
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("show", err)
	}
	defer d.db.Close()
	err = d.db.View(ctx, func(tx *store.ReadTx) error {
		t, err := tx.FindTicket(id)
		if err != nil {
			return err
		}
		msgs, err := tx.TicketMessages(id)
		if err != nil {
			return err
		}
		owner := d.t("app_cli_erased")
		if o, err := tx.FindOwnerByID(t.OwnerID); err == nil {
			owner = fmt.Sprintf("%s, %s (%s)", o.Name, o.BusinessName, o.RegNo())
		}
		fmt.Fprintln(r.stdout, d.t("oticket_thread", "Ref", t.Ref(), "Owner", owner, "State", d.t("oticket_state_"+t.Status)))
		for _, m := range msgs {
			who := m.Author
			if who == store.AuthorOwner {
				who = d.t("oticket_author_owner")
			}
			body := m.Body
			if m.File != "" {
				body = strings.TrimSpace(fmt.Sprintf("%s [%s %s]", body, m.FileType, m.File))
			}
			fmt.Fprintf(r.stdout, "%s %s: %s\n", office.ShowTime(m.At), who, body)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(r.stderr, "%s: no ticket %s\n", fs.Name(), store.TicketRef(id))
		return 1
	}
	if err != nil {
		return r.fail("show", err)
	}
	return 0
}

func (r ownersRun) replyTicket(ctx context.Context, args []string) int {
	fs := r.flags("reply", ticketsUsage)
	by := fs.String("by", "", "the officer (required): the answer is signed with their name")
	var rest []string // (the flags anywhere: "reply T-000042 Baik -by Rina")
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if args = fs.Args(); len(args) == 0 {
			break
		}
		rest, args = append(rest, args[0]), args[1:]
	}
	if len(rest) < 2 {
		fmt.Fprintf(r.stderr, "%s: want the ticket's number and the answer: reply T-000042 -by NAME TEXT\n", fs.Name())
		return 2
	}
	id, ok := r.ticketID("reply", rest[0])
	if !ok {
		return 2
	}
	text := strings.Join(rest[1:], " ")
	d, name, code := r.officerDesk(ctx, fs.Name(), *by)
	if d == nil {
		return code
	}
	defer d.db.Close()
	var t store.Ticket
	err := d.db.Update(ctx, func(tx *store.Tx) (err error) {
		t, err = d.off.ReplyTicket(tx, office.Actor{Name: name}, id, text)
		return err
	})
	return r.ticketOutcome(fs.Name(), d, id, t, err, "oticket_replied")
}

func (r ownersRun) closeTicket(ctx context.Context, args []string) int {
	fs := r.flags("close", ticketsUsage)
	by := fs.String("by", "", "the officer (required)")
	d, name, id, code := r.onRecord(ctx, fs, "close", args, by, r.ticketID)
	if d == nil {
		return code
	}
	defer d.db.Close()
	var t store.Ticket
	err := d.db.Update(ctx, func(tx *store.Tx) (err error) {
		t, err = d.off.CloseTicket(tx, office.Actor{Name: name}, id)
		return err
	})
	return r.ticketOutcome(fs.Name(), d, id, t, err, "oticket_closed")
}

// ticketOutcome says what a change of a ticket did, or why it was
// refused, and returns the exit code.
func (r ownersRun) ticketOutcome(cmd string, d *desk, id int64, t store.Ticket, err error, done string) int {
	ref := store.TicketRef(id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(r.stderr, "%s: %s\n", cmd, d.t("oticket_unknown", "Ref", ref))
	case errors.Is(err, store.ErrTicketClosed):
		fmt.Fprintf(r.stderr, "%s: %s\n", cmd, d.t("oticket_is_closed", "Ref", ref))
	case errors.Is(err, office.ErrNotYours):
		fmt.Fprintf(r.stderr, "%s: %s\n", cmd, d.t("oticket_not_yours", "Ref", ref, "Officer", t.Officer))
	case errors.Is(err, office.ErrEmptyMessage):
		fmt.Fprintf(r.stderr, "%s: %s\n", cmd, d.t("oticket_reply_how", "Ref", ref))
		return 2
	case err != nil:
		return r.fail(strings.TrimPrefix(cmd, "sobat-ikm tickets "), err)
	default:
		fmt.Fprintln(r.stdout, d.t(done, "Ref", ref))
		return 0
	}
	return 1
}
