package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Reader is what a transaction of either kind reads with: a ReadTx (View,
// on the read pool) and a Tx (Update, on the writer) both have these
// lookups, written once (queries). Code that only reads takes a Reader,
// so that it runs in an officer's read-only list as in a conversation
// turn.
type Reader interface {
	FindSession(chat ChatKey) (Session, error)
	FindOwnerByChat(chat ChatKey) (Owner, error)
	FindOwnerByID(id int64) (Owner, error)
	FindOwners(f OwnerFilter) ([]Owner, int, error)
	NIBTaken(nib string, except int64) (bool, error)
	ChatHasWritten(chat ChatKey) (bool, error)
	DueOutbox(channel, address string, now time.Time, limit int) ([]OutboxMessage, error)
	DueOutboxExcept(channel, address string, now time.Time, limit int, skip Skip) ([]OutboxMessage, error)
	NextDue(channel, address string) (time.Time, bool, error)
	Count(table string) (int, error)
	CountChat(table string, chat ChatKey) (int, error)
	FindApplication(kind string, year, seq int, owner int64) (Application, error)
	FindApplicationByID(id int64) (Application, error)
	FindApplications(f ApplicationFilter) ([]Application, int, error)
	ApplicationHistory(id int64) ([]StageChange, error)
	Stages(kind string) ([]Stage, error)
	NextStages(a Application) ([]string, error)
	CountApplications(year int) ([]StageCount, error)
	QuotaUsed(kind string, year int) (int, error)
	FindWebSession(secret string, now time.Time) (WebToken, error)
	FindContactsByOwner(ownerID int64) ([]Contact, error)
	FindAuditEntries(f AuditFilter) ([]AuditEntry, int, error)
	FindTraining(id int64) (Training, error)
	UpcomingTrainings(now time.Time, limit int) ([]Training, error)
	Trainings(from time.Time, limit int) ([]Training, error)
	CountTrainings(from, to, now time.Time) (TrainingCount, error)
	CountSeats(trainingID int64) (int, error)
	FindEnrollment(trainingID, ownerID int64) (Enrollment, error)
	Enrollments(trainingID int64, status string) ([]Enrollment, error)
	PlannedOutbox(kind Kind, limit int) ([]OutboxMessage, error)
	OwnerTrainings(ownerID int64, now time.Time) ([]Training, []Enrollment, error)
	FindTicket(id int64) (Ticket, error)
	OpenTicketOf(ownerID int64) (Ticket, error)
	Tickets(status string, offset, limit int) ([]Ticket, error)
	TicketMessages(ticketID int64) ([]TicketMessage, error)
	CountTickets(from, to time.Time) (TicketCount, error)
	FindSent(channel, platformID string) (OutboxMessage, error)
	PauseOf(channel string, now time.Time) (Pause, bool, error)
	Undelivered(ownerID int64, before time.Time, limit int) ([]OutboxMessage, error)
	AudienceBatch(a Audience, after int64, limit int, now time.Time) ([]Target, error)
	Broadcasts(limit int) ([]Broadcast, error)
	FindBroadcast(id int64) (Broadcast, error)
	DueBroadcasts(now time.Time) ([]Broadcast, error)
	NextBroadcast() (time.Time, bool, error)
	CountRecipients(broadcastID int64) ([]RecipientCount, error)
	FailedRecipients(broadcastID int64, notDeliveredBefore time.Time) ([]Recipient, error)
	CountReceipts(broadcastID int64, notDeliveredBefore time.Time) ([]ReceiptCount, error)
}

var (
	_ Reader = (*ReadTx)(nil)
	_ Reader = (*Tx)(nil)
)

// queries runs the statements of one transaction. The lookups are its
// methods, so that both ReadTx and Tx, which embed it, have them.
type queries struct {
	ctx context.Context
	// prepare returns the statement for the query text, prepared on the
	// transaction's connection.
	prepare func(ctx context.Context, q string) (*sql.Stmt, error)
	db      *DB
	// w is the writer's transaction these queries belong to, nil in a
	// read transaction: its lookups go through the writer's cache.
	w *Tx
}

func (tx *queries) queryRow(q string, args ...any) (*sql.Row, error) {
	s, err := tx.prepare(tx.ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryRowContext(tx.ctx, args...), nil
}

func (tx *queries) query(q string, args ...any) (*sql.Rows, error) {
	s, err := tx.prepare(tx.ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(tx.ctx, args...)
}

// ReadTx is one read transaction: everything read through it comes from
// one snapshot of the database, whatever commits meanwhile.
type ReadTx struct {
	queries
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // closed with tx
}

// View runs fn in a read transaction on the read pool, beside the writer:
// lists, exports, the sender's look at the outbox and the officers'
// console read this way and never wait for, nor hold up, a write. The
// connections are read-only (query_only), so fn cannot write. fn's error
// is returned as it is.
//
// The snapshot is taken at fn's first read and held until fn returns:
// keep fn short, since the checkpoint that ends an erasure's scrub waits
// for the snapshots older than the erasure (scrub.go).
func (db *DB) View(ctx context.Context, fn func(tx *ReadTx) error) error {
	sqlTx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // a deferred BEGIN
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer sqlTx.Rollback() // nothing was written: rolling back ends the snapshot
	tx := &ReadTx{tx: sqlTx, stmts: map[string]*sql.Stmt{}}
	tx.queries = queries{ctx: ctx, prepare: tx.stmt, db: db}
	return fn(tx)
}

// stmt returns q prepared on the transaction's connection, once per
// transaction; the connection keeps it for its next transactions
// (readStmt), so that a hot look at the outbox is parsed once per
// connection, not once per look.
func (tx *ReadTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[q]; ok {
		return s, nil
	}
	var s *sql.Stmt
	if parent := tx.db.readStmt(ctx, q); parent != nil {
		s = tx.tx.StmtContext(ctx, parent) // reuses the connection's
	} else {
		var err error
		if s, err = tx.tx.PrepareContext(ctx, q); err != nil {
			return nil, fmt.Errorf("prepare %q: %w", q, err)
		}
	}
	tx.stmts[q] = s
	return s, nil
}

// readStmt returns q prepared on the read pool, whose connections each
// prepare it once, or nil when it cannot be prepared now. Preparing takes
// a connection of the pool: it waits only briefly for one, since the
// caller already holds one and every connection may be held by a caller
// waiting the same way; the caller then prepares on its own connection.
func (db *DB) readStmt(ctx context.Context, q string) *sql.Stmt {
	db.rmu.Lock()
	s, ok := db.rstmts[q]
	db.rmu.Unlock()
	if ok {
		return s
	}
	wait, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	s, err := db.r.PrepareContext(wait, q)
	if err != nil {
		return nil
	}
	db.rmu.Lock()
	defer db.rmu.Unlock()
	if old, ok := db.rstmts[q]; ok { // prepared meanwhile by another
		s.Close()
		return old
	}
	db.rstmts[q] = s
	return s
}

// queryAll runs query and scans each row into a new T, whose fields dest
// gives.
func queryAll[T any](q *queries, dest func(*T) []any, query string, args ...any) ([]T, error) {
	rows, err := q.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(dest(&v)...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
