package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A ticket's states, and the author of an owner's message.
const (
	TicketOpen   = "open"
	TicketClosed = "closed"
	AuthorOwner  = "owner"
)

// ErrTicketClosed: the ticket is closed.
var ErrTicketClosed = errors.New("store: the ticket is closed")

// Ticket is an owner's conversation with the office.
type Ticket struct {
	ID            int64
	OwnerID       int64
	Status        string
	Officer       string // who took it; "" while no one has
	OpenedAt      time.Time
	FirstAnswerAt time.Time // zero while unanswered
	ClosedAt      time.Time
	ClosedBy      string
	Rating        int // 0: none
}

// Ref is the ticket's number as people read it: "T-000042".
func (t Ticket) Ref() string { return TicketRef(t.ID) }

// TicketRef writes a ticket's number: "T-000042".
func TicketRef(id int64) string { return fmt.Sprintf("T-%06d", id) }

// TicketMessage is one message of a ticket.
type TicketMessage struct {
	ID       int64
	TicketID int64
	Author   string // AuthorOwner, or the officer's name
	Body     string
	File     string // the stored file's name, "" for none
	FileType string
	At       time.Time
}

const ticketColumns = `id, owner_id, status, officer, opened_at, first_answer_at, closed_at, closed_by, rating`

func scanTicket(row interface{ Scan(dest ...any) error }) (Ticket, error) {
	var t Ticket
	var opened int64
	var first, closed, rating sql.NullInt64
	err := row.Scan(&t.ID, &t.OwnerID, &t.Status, &t.Officer, &opened, &first, &closed, &t.ClosedBy, &rating)
	if errors.Is(err, sql.ErrNoRows) {
		return Ticket{}, ErrNotFound
	}
	if err != nil {
		return Ticket{}, err
	}
	t.OpenedAt = fromMS(opened)
	if first.Valid {
		t.FirstAnswerAt = fromMS(first.Int64)
	}
	if closed.Valid {
		t.ClosedAt = fromMS(closed.Int64)
	}
	t.Rating = int(rating.Int64)
	return t, nil
}

// OpenTicket opens a ticket for an owner (t.ID set).
func (tx *Tx) OpenTicket(ownerID int64, now time.Time) (Ticket, error) {
	row, err := tx.queryRow(`INSERT INTO tickets (owner_id, opened_at, updated_at) VALUES (?, ?, ?) RETURNING `+ticketColumns,
		ownerID, ms(now), ms(now))
	if err != nil {
		return Ticket{}, fmt.Errorf("open ticket: %w", err)
	}
	t, err := scanTicket(row)
	if err != nil {
		return Ticket{}, fmt.Errorf("open ticket: %w", err)
	}
	return t, nil
}

// FindTicket returns a ticket, or ErrNotFound.
func (q *queries) FindTicket(id int64) (Ticket, error) {
	row, err := q.queryRow(`SELECT `+ticketColumns+` FROM tickets WHERE id = ?`, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("find ticket: %w", err)
	}
	t, err := scanTicket(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Ticket{}, fmt.Errorf("find ticket %d: %w", id, err)
	}
	return t, err
}

// OpenTicketOf returns the owner's open ticket, or ErrNotFound.
func (q *queries) OpenTicketOf(ownerID int64) (Ticket, error) {
	row, err := q.queryRow(`SELECT `+ticketColumns+` FROM tickets WHERE owner_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1`, ownerID)
	if err != nil {
		return Ticket{}, fmt.Errorf("open ticket of: %w", err)
	}
	t, err := scanTicket(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Ticket{}, fmt.Errorf("open ticket of %d: %w", ownerID, err)
	}
	return t, err
}

// Tickets lists tickets: open ones oldest first, closed ones newest
// first ("" for any: newest first), up to limit after offset.
func (q *queries) Tickets(status string, offset, limit int) ([]Ticket, error) {
	query, args := `SELECT `+ticketColumns+` FROM tickets ORDER BY id DESC LIMIT ? OFFSET ?`, []any{limit, offset}
	switch status {
	case TicketOpen:
		query = `SELECT ` + ticketColumns + ` FROM tickets WHERE status = 'open' ORDER BY opened_at, id LIMIT ? OFFSET ?`
	case TicketClosed:
		query = `SELECT ` + ticketColumns + ` FROM tickets WHERE status = 'closed' ORDER BY opened_at DESC, id DESC LIMIT ? OFFSET ?`
	}
	rows, err := q.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("tickets: %w", err)
	}
	defer rows.Close()
	var out []Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("tickets: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddTicketMessage adds a message to an open ticket (m.ID set); an
// officer's first one is the ticket's first answer.
func (tx *Tx) AddTicketMessage(m *TicketMessage) error {
	t, err := tx.FindTicket(m.TicketID)
	if err != nil {
		return fmt.Errorf("add ticket message: %w", err)
	}
	if t.Status != TicketOpen {
		return ErrTicketClosed
	}
	row, err := tx.queryRow(`INSERT INTO ticket_messages (ticket_id, author, body, file, file_type, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		m.TicketID, m.Author, m.Body, m.File, m.FileType, ms(m.At))
	if err == nil {
		err = row.Scan(&m.ID)
	}
	if err != nil {
		return fmt.Errorf("add ticket message: %w", err)
	}
	if m.Author != AuthorOwner {
		_, err = tx.exec(`UPDATE tickets SET first_answer_at = COALESCE(first_answer_at, ?), updated_at = ? WHERE id = ?`,
			ms(m.At), ms(m.At), m.TicketID)
	} else {
		_, err = tx.exec(`UPDATE tickets SET updated_at = ? WHERE id = ?`, ms(m.At), m.TicketID)
	}
	if err != nil {
		return fmt.Errorf("add ticket message: %w", err)
	}
	return nil
}

// TicketMessages lists a ticket's messages in order.
func (q *queries) TicketMessages(ticketID int64) ([]TicketMessage, error) {
	rows, err := q.query(`SELECT id, ticket_id, author, body, file, file_type, at FROM ticket_messages WHERE ticket_id = ? ORDER BY id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("ticket messages: %w", err)
	}
	defer rows.Close()
	var out []TicketMessage
	for rows.Next() {
		var m TicketMessage
		var at int64
		if err := rows.Scan(&m.ID, &m.TicketID, &m.Author, &m.Body, &m.File, &m.FileType, &at); err != nil {
			return nil, fmt.Errorf("ticket messages: %w", err)
		}
		m.At = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// TakeTicket gives an open ticket to an officer; taken is false when
// another officer has it already (who is then said in t.Officer).
func (tx *Tx) TakeTicket(id int64, officer string, now time.Time) (t Ticket, taken bool, err error) {
	res, err := tx.exec(`UPDATE tickets SET officer = ?, updated_at = ? WHERE id = ? AND status = 'open' AND (officer = '' OR officer = ?)`,
		officer, ms(now), id, officer)
	if err != nil {
		return Ticket{}, false, fmt.Errorf("take ticket: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Ticket{}, false, fmt.Errorf("take ticket: %w", err)
	}
	t, err = tx.FindTicket(id)
	if err != nil {
		return Ticket{}, false, fmt.Errorf("take ticket: %w", err)
	}
	if t.Status != TicketOpen {
		return t, false, ErrTicketClosed
	}
	return t, n == 1, nil
}

// CloseTicket closes an open ticket; ErrTicketClosed when it is closed
// already.
func (tx *Tx) CloseTicket(id int64, by string, now time.Time) error {
	res, err := tx.exec(`UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ? AND status = 'open'`,
		ms(now), by, ms(now), id)
	if err != nil {
		return fmt.Errorf("close ticket: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("close ticket: %w", err)
	} else if n == 0 {
		if _, err := tx.FindTicket(id); err != nil {
			return fmt.Errorf("close ticket: %w", err)
		}
		return ErrTicketClosed
	}
	return nil
}

// RateTicket records the owner's rating of a closed ticket.
func (tx *Tx) RateTicket(id int64, rating int, now time.Time) error {
	if _, err := tx.exec(`UPDATE tickets SET rating = ?, updated_at = ? WHERE id = ? AND status = 'closed'`, rating, ms(now), id); err != nil {
		return fmt.Errorf("rate ticket: %w", err)
	}
	return nil
}

// TicketCount is the office's numbers of tickets opened in a period.
type TicketCount struct {
	Opened int
	// Answered: those with a first answer; FirstAnswers their times to
	// it (for the median and "within a working day").
	Answered     int
	FirstAnswers []TicketTimes
	Rated        int
	RatingSum    int
}

// TicketTimes are when a ticket was opened and first answered.
type TicketTimes struct{ Opened, Answered time.Time }

// CountTickets counts the tickets opened in [from, to).
func (q *queries) CountTickets(from, to time.Time) (TicketCount, error) {
	rows, err := q.query(`SELECT opened_at, first_answer_at, rating FROM tickets WHERE opened_at >= ? AND opened_at < ?`, ms(from), ms(to))
	if err != nil {
		return TicketCount{}, fmt.Errorf("count tickets: %w", err)
	}
	defer rows.Close()
	var c TicketCount
	for rows.Next() {
		var opened int64
		var first, rating sql.NullInt64
		if err := rows.Scan(&opened, &first, &rating); err != nil {
			return TicketCount{}, fmt.Errorf("count tickets: %w", err)
		}
		c.Opened++
		if first.Valid {
			c.Answered++
			c.FirstAnswers = append(c.FirstAnswers, TicketTimes{Opened: fromMS(opened), Answered: fromMS(first.Int64)})
		}
		if rating.Valid {
			c.Rated++
			c.RatingSum += int(rating.Int64)
		}
	}
	return c, rows.Err()
}
