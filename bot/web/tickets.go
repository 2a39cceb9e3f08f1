package web

import (
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// ticketSnippet is how many characters of a ticket's first message the
// list shows.
const ticketSnippet = 80

// ticketID reads the ticket's id of the path; ok is false when it is not
// one.
func ticketID(r *http.Request) (int64, bool) { return trainingID(r) }

// ticketTab is a tab of the tickets' list.
type ticketTab struct {
	Value, Label, Link string
	Current            bool
}

// listedTicket is a ticket as the list shows it.
type listedTicket struct {
	store.Ticket
	Ref             string
	Business, RegNo string // "" when the owner is gone
	Snippet         string // the start of the first message
	Waiting         string // how long an open ticket has waited
	Late            bool   // open, unanswered a working day
}

type ticketsPage struct {
	Status     string // "open", "closed" or "all"
	Tabs       []ticketTab
	Tickets    []listedTicket
	Offset     int
	Next, Prev string
}

// ticketStatus reads the list's tab of a request: open unless closed or
// all is asked for.
func ticketStatus(r *http.Request) string {
	switch v := r.URL.Query().Get("status"); v {
	case store.TicketClosed, "all":
		return v
	}
	return store.TicketOpen
}

// duration writes a time span as officers read it, in lang: minutes
// under an hour, hours under a day, days otherwise ("3 jam", "2 hari").
func (s *Server) duration(lang string, d time.Duration) string {
	unit, name := 24*time.Hour, "web_ticket_day"
	switch d = max(d, 0); {
	case d < time.Hour:
		unit, name = time.Minute, "web_ticket_minute"
	case d < 24*time.Hour:
		unit, name = time.Hour, "web_ticket_hour"
	}
	if n := int(d / unit); n != 1 {
		return s.cfg.Catalog.Text(lang, name+"s", map[string]any{"N": n})
	}
	return s.cfg.Catalog.Text(lang, name, nil)
}

// late reports whether an open ticket is still unanswered a working day
// after it was opened.
func (s *Server) late(t store.Ticket) bool {
	return t.Status == store.TicketOpen && t.FirstAnswerAt.IsZero() &&
		s.cfg.Now().After(s.cfg.Office.Hours().AfterWorkingDay(t.OpenedAt))
}

// fileLabel names a message's file in lang ("foto", "dokumen PDF").
func (s *Server) fileLabel(lang, typ string) string {
	if typ == "application/pdf" {
		return s.cfg.Catalog.Text(lang, "web_ticket_file_pdf", nil)
	}
	return s.cfg.Catalog.Text(lang, "web_ticket_file_photo", nil)
}

func (s *Server) listedTicket(tx store.Reader, lang string, t store.Ticket) (listedTicket, error) {
	l := listedTicket{Ticket: t, Ref: t.Ref(), Late: s.late(t)}
	if t.Status == store.TicketOpen {
		l.Waiting = s.duration(lang, s.cfg.Now().Sub(t.OpenedAt))
	}
	if o, err := tx.FindOwnerByID(t.OwnerID); err == nil {
		l.Business, l.RegNo = o.BusinessName, o.RegNo()
	} else if !errors.Is(err, store.ErrNotFound) {
		return l, err
	}
	msgs, err := tx.TicketMessages(t.ID)
	if err != nil {
		return l, err
	}
	if len(msgs) > 0 {
		if l.Snippet = snippet(msgs[0].Body, ticketSnippet); l.Snippet == "" && msgs[0].File != "" {
			l.Snippet = "[" + s.fileLabel(lang, msgs[0].FileType) + "]"
		}
	}
	return l, nil
}

func (s *Server) tickets(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	l := lang(r)
	p := ticketsPage{Status: ticketStatus(r)}
	p.Offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
	p.Offset = max(p.Offset, 0)
	for _, v := range []string{store.TicketOpen, store.TicketClosed, "all"} {
		link := "/tickets"
		if v != store.TicketOpen {
			link += "?status=" + v
		}
		p.Tabs = append(p.Tabs, ticketTab{Value: v, Label: s.cfg.Catalog.Text(l, "web_ticket_tab_"+v, nil), Link: link, Current: v == p.Status})
	}
	status := p.Status
	if status == "all" {
		status = ""
	}
	more := false
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		list, err := tx.Tickets(status, p.Offset, pageSize+1)
		if err != nil {
			return err
		}
		if more = len(list) > pageSize; more {
			list = list[:pageSize]
		}
		for _, tk := range list {
			lt, err := s.listedTicket(tx, l, tk)
			if err != nil {
				return err
			}
			p.Tickets = append(p.Tickets, lt)
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	total := p.Offset + len(p.Tickets) // (enough for the links: one more when there is a next page)
	if more {
		total++
	}
	p.Next, p.Prev = pageLinks(r, p.Offset, len(p.Tickets), total)
	s.render(w, r, http.StatusOK, "tickets", t.Officer, t.CSRF, p)
}

// threadMessage is a message of a ticket as its page shows it.
type threadMessage struct {
	store.TicketMessage
	Who     string // the owner's name, or the officer's
	Officer bool   // written by an officer
	Link    string // the file's address, "" for none
	Image   bool   // the file is a photo, shown in the page
	Label   string // the file's kind
}

type ticketPage struct {
	Ticket   store.Ticket
	Ref      string
	Owner    store.Owner // zero when the owner is gone
	Messages []threadMessage
	Waiting  string // how long an open ticket has waited
	Late     bool
	Mine     bool   // the session's officer has it
	CanReply bool   // open, and no other officer has it
	ClosedBy string // who closed it, in the page's language
	Rated    bool
	// What was said: a refusal (Error; Who, the officer who has the
	// ticket), what was typed and not sent (Reply), what was done.
	Error, Who, Reply, Done string
}

// imageTypes are the files shown in the page (and inline when opened).
var imageTypes = []string{"image/jpeg", "image/png", "image/webp", "image/gif"}

func (s *Server) ticketData(tx store.Reader, lang string, id int64, officer string) (ticketPage, error) {
	tk, err := tx.FindTicket(id)
	if err != nil {
		return ticketPage{}, err
	}
	p := ticketPage{Ticket: tk, Ref: tk.Ref(), Late: s.late(tk), Mine: tk.Officer != "" && strings.EqualFold(tk.Officer, officer), Rated: tk.Rating > 0}
	p.CanReply = tk.Status == store.TicketOpen && (tk.Officer == "" || p.Mine)
	if tk.Status == store.TicketOpen {
		p.Waiting = s.duration(lang, s.cfg.Now().Sub(tk.OpenedAt))
	}
	if p.ClosedBy = tk.ClosedBy; p.ClosedBy == store.AuthorOwner {
		p.ClosedBy = s.cfg.Catalog.Text(lang, "web_ticket_owner", nil)
	}
	if p.Owner, err = tx.FindOwnerByID(tk.OwnerID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return ticketPage{}, err
	}
	msgs, err := tx.TicketMessages(id)
	if err != nil {
		return ticketPage{}, err
	}
	for _, m := range msgs {
		tm := threadMessage{TicketMessage: m, Who: m.Author, Officer: m.Author != store.AuthorOwner}
		if !tm.Officer {
			tm.Who = p.Owner.Name
			if tm.Who == "" {
				tm.Who = s.cfg.Catalog.Text(lang, "web_ticket_owner", nil)
			}
		}
		if m.File != "" {
			tm.Link = "/tickets/" + strconv.FormatInt(id, 10) + "/files/" + strconv.FormatInt(m.ID, 10)
			tm.Image = slices.Contains(imageTypes, m.FileType)
			tm.Label = s.fileLabel(lang, m.FileType)
		}
		p.Messages = append(p.Messages, tm)
	}
	return p, nil
}

func (s *Server) ticket(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	p := ticketPage{}
	p.Done = doneMessage(r, "web_ticket_done_", "taken", "replied", "closed")
	s.showTicket(w, r, t, http.StatusOK, p)
}

// showTicket renders a ticket's page, saying what said says was done or
// refused, with what was typed.
func (s *Server) showTicket(w http.ResponseWriter, r *http.Request, t store.WebToken, code int, said ticketPage) {
	id, ok := ticketID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	var p ticketPage
	if !s.view(w, r, t, func(tx *store.ReadTx) (err error) {
		p, err = s.ticketData(tx, lang(r), id, t.Officer)
		return err
	}) {
		return
	}
	p.Error, p.Who, p.Reply, p.Done = said.Error, said.Who, said.Reply, said.Done
	s.render(w, r, code, "ticket", t.Officer, t.CSRF, p)
}

// ticketDone goes back to a ticket's page, saying what was done.
func ticketDone(w http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(w, r, "/tickets/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
}

// takeTicket gives the ticket to the session's officer; the other
// officers are told.
func (s *Server) takeTicket(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := ticketID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	var tk store.Ticket
	var taken bool
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) (err error) {
		tk, taken, err = s.cfg.Office.TakeTicket(tx, by, id)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, store.ErrTicketClosed):
		s.showTicket(w, r, t, http.StatusConflict, ticketPage{Error: "web_ticket_closed"})
	case err != nil:
		s.fail(w, r, t, err)
	case !taken:
		s.showTicket(w, r, t, http.StatusConflict, ticketPage{Error: "web_ticket_not_yours", Who: tk.Officer})
	default:
		s.cfg.Notify()
		ticketDone(w, r, id, "taken")
	}
}

// replyTicket sends the officer's answer to the owner (taking the ticket
// if no one had); a refused answer is shown again as typed, with why.
func (s *Server) replyTicket(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := ticketID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	typed := r.PostFormValue("text")
	body := text(typed)
	switch {
	case body == "":
		s.showTicket(w, r, t, http.StatusUnprocessableEntity, ticketPage{Error: "web_ticket_empty", Reply: typed})
		return
	case !utf8.ValidString(body) || utf8.RuneCountInString(body) > office.MaxTicketText:
		s.showTicket(w, r, t, http.StatusUnprocessableEntity, ticketPage{Error: "web_ticket_long", Reply: typed})
		return
	}
	var tk store.Ticket
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) (err error) {
		tk, err = s.cfg.Office.ReplyTicket(tx, by, id, body)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, office.ErrNotYours):
		s.showTicket(w, r, t, http.StatusConflict, ticketPage{Error: "web_ticket_not_yours", Who: tk.Officer, Reply: typed})
	case errors.Is(err, store.ErrTicketClosed):
		s.showTicket(w, r, t, http.StatusConflict, ticketPage{Error: "web_ticket_closed", Reply: typed})
	case errors.Is(err, office.ErrEmptyMessage):
		s.showTicket(w, r, t, http.StatusUnprocessableEntity, ticketPage{Error: "web_ticket_long", Reply: typed})
	case err != nil:
		s.fail(w, r, t, err)
	default:
		s.cfg.Notify()
		ticketDone(w, r, id, "replied")
	}
}

// closeTicket closes the ticket once the officer confirms: the owner is
// asked for a rating.
func (s *Server) closeTicket(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := ticketID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	if r.PostFormValue("confirm") != "on" {
		s.showTicket(w, r, t, http.StatusUnprocessableEntity, ticketPage{Error: "web_ticket_confirm"})
		return
	}
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		_, err := s.cfg.Office.CloseTicket(tx, by, id)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, store.ErrTicketClosed):
		s.showTicket(w, r, t, http.StatusConflict, ticketPage{Error: "web_ticket_closed"})
	case err != nil:
		s.fail(w, r, t, err)
	default:
		s.cfg.Notify()
		ticketDone(w, r, id, "closed")
	}
}

// ticketFile serves the file of a message of the ticket, found by the
// message (never by a name from the address): a photo is shown, a PDF
// downloaded.
func (s *Server) ticketFile(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	id, ok := ticketID(r)
	msgID, err := strconv.ParseInt(r.PathValue("msgid"), 10, 64)
	if !ok || err != nil || msgID <= 0 {
		s.notFound(w, r, t)
		return
	}
	var m store.TicketMessage
	if !s.view(w, r, t, func(tx *store.ReadTx) error {
		msgs, err := tx.TicketMessages(id)
		if err != nil {
			return err
		}
		for _, x := range msgs {
			if x.ID == msgID && x.TicketID == id && x.File != "" {
				m = x
				return nil
			}
		}
		return store.ErrNotFound
	}) {
		return
	}
	f, err := s.cfg.DB.OpenFile(m.File)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
		return
	case err != nil:
		s.fail(w, r, t, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	typ, disposition := m.FileType, "attachment"
	switch {
	case slices.Contains(imageTypes, typ):
		disposition = "inline"
	case typ != "application/pdf":
		typ = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Disposition", disposition+`; filename="`+store.TicketRef(id)+"-"+strconv.FormatInt(msgID, 10)+filepath.Ext(m.File)+`"`)
	h.Set("Cache-Control", "private, no-store") // (an owner's document: never kept by a shared computer's browser)
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// ticketNumbers are the year's tickets as the dashboard shows them.
type ticketNumbers struct {
	office.TicketRekap
	Median string // the median time to a first answer, "" when none
	Rating string // the average rating, "" when none
}

func (s *Server) ticketNumbers(lang string, rk office.TicketRekap) ticketNumbers {
	n := ticketNumbers{TicketRekap: rk}
	if rk.Answered > 0 {
		n.Median = s.duration(lang, rk.MedianFirst)
	}
	if rk.Rated > 0 {
		n.Rating = strconv.FormatFloat(rk.Rating, 'f', 1, 64)
		if lang == "id" {
			n.Rating = strings.Replace(n.Rating, ".", ",", 1)
		}
	}
	return n
}
