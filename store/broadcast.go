package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// A broadcast's states, and its recipients'.
const (
	BroadcastScheduled = "scheduled"
	BroadcastSending   = "sending"
	BroadcastQueued    = "queued"
	BroadcastCancelled = "cancelled"

	RecipientQueued  = "queued"
	RecipientSent    = "sent"
	RecipientFailed  = "failed"
	RecipientSkipped = "skipped"

	SkipOptedOut    = "opted_out"
	SkipUnreachable = "unreachable"
	SkipErased      = "erased"
	SkipCancelled   = "cancelled"
	// SkipWhatsAppWindow: the owner is only on WhatsApp and has not
	// written within the window WhatsApp allows writing to them unasked.
	SkipWhatsAppWindow = "whatsapp_window"
)

// Audience is who a broadcast is for: the registered owners every set
// condition selects (none set: all of them).
type Audience struct {
	Sector    string `json:"sector,omitempty"`
	Kecamatan string `json:"kecamatan,omitempty"`
	Binaan    bool   `json:"binaan,omitempty"`
	// A training's seats, or (Waiting) its waiting list.
	TrainingID int64 `json:"training,omitempty"`
	Waiting    bool  `json:"waiting,omitempty"`
	// Owners with an application of a kind (in a stage, when set).
	AppKind  string `json:"app_kind,omitempty"`
	AppStage string `json:"app_stage,omitempty"`
	// Owners not heard from in so many days.
	SilentDays int `json:"silent_days,omitempty"`
	// These owners (a pasted list of registration numbers).
	Owners []int64 `json:"owners,omitempty"`
}

// Broadcast is an announcement to many owners.
type Broadcast struct {
	ID        int64
	TextID    string // Indonesian
	TextEN    string // English, "" when not written
	Audience  Audience
	Status    string
	SendAt    time.Time
	Cursor    int64 // the last owner id whose recipient row is written
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Recipient is an owner a broadcast was meant for, and what became of it.
type Recipient struct {
	BroadcastID int64
	OwnerID     int64
	Channel     string
	Status      string
	Reason      string
	UpdatedAt   time.Time
}

// Target is an owner of an audience as a broadcast reaches them: the
// chat notices go to (the contact seen last; Chat empty when none), and
// whether they opted out or the chat is unreachable.
type Target struct {
	OwnerID     int64
	Name        string
	Language    string
	OptedOut    bool
	Chat        ChatKey
	Unreachable bool
	// Seen is when the chat last wrote (WhatsApp is written to unasked
	// only within a window of it).
	Seen time.Time
}

// where is the audience as SQL conditions on owners o, with their
// arguments.
func (a Audience) where(now time.Time) (string, []any, error) {
	conds, args := []string{"1"}, []any{}
	if a.Sector != "" {
		conds, args = append(conds, "o.sector = ?"), append(args, a.Sector)
	}
	if a.Kecamatan != "" {
		conds, args = append(conds, "o.kecamatan = ?"), append(args, a.Kecamatan)
	}
	if a.Binaan {
		conds = append(conds, "o.binaan = 1")
	}
	if a.TrainingID != 0 {
		status := EnrollSeat
		if a.Waiting {
			status = EnrollWaiting
		}
		conds = append(conds, "o.id IN (SELECT owner_id FROM enrollments WHERE training_id = ? AND status = ?)")
		args = append(args, a.TrainingID, status)
	}
	if a.AppKind != "" {
		q := "o.id IN (SELECT owner_id FROM applications WHERE kind = ? AND owner_id IS NOT NULL"
		args = append(args, a.AppKind)
		if a.AppStage != "" {
			q, args = q+" AND stage = ?", append(args, a.AppStage)
		}
		conds = append(conds, q+")")
	}
	if a.SilentDays > 0 {
		conds = append(conds, "NOT EXISTS (SELECT 1 FROM contacts c WHERE c.owner_id = o.id AND c.last_seen_at >= ?)")
		args = append(args, ms(now.AddDate(0, 0, -a.SilentDays)))
	}
	if len(a.Owners) > 0 {
		list, err := json.Marshal(a.Owners)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, "o.id IN (SELECT value FROM json_each(?))"), append(args, string(list))
	}
	return strings.Join(conds, " AND "), args, nil
}

// AudienceBatch lists up to limit owners of the audience with an id
// above after, in id order, as a broadcast reaches them.
func (q *queries) AudienceBatch(a Audience, after int64, limit int, now time.Time) ([]Target, error) {
	where, args, err := a.where(now)
	if err != nil {
		return nil, fmt.Errorf("audience: %w", err)
	}
	// The chat notices go to is the owner's contact seen last (Office.
	// NoticeChat); two seen at the same instant give two rows, the first
	// is kept.
	rows, err := q.query(`SELECT o.id, o.name, o.language, o.broadcast_opt_out, COALESCE(c.channel, ''), COALESCE(c.address, ''),
			COALESCE(s.unreachable, 0), COALESCE(c.last_seen_at, 0)
		FROM owners o
		LEFT JOIN contacts c ON c.owner_id = o.id
			AND c.last_seen_at = (SELECT MAX(c2.last_seen_at) FROM contacts c2 WHERE c2.owner_id = o.id)
		LEFT JOIN sessions s ON s.channel = c.channel AND s.address = c.address
		WHERE o.id > ? AND `+where+` ORDER BY o.id LIMIT ?`, append(append([]any{after}, args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("audience: %w", err)
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		var seen int64
		if err := rows.Scan(&t.OwnerID, &t.Name, &t.Language, &t.OptedOut, &t.Chat.Channel, &t.Chat.Address, &t.Unreachable, &seen); err != nil {
			return nil, fmt.Errorf("audience: %w", err)
		}
		t.Seen = fromMS(seen)
		if n := len(out); n > 0 && out[n-1].OwnerID == t.OwnerID {
			continue
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audience: %w", err)
	}
	return out, nil
}

const broadcastColumns = `id, text_id, text_en, audience, status, send_at, cursor, created_by, created_at, updated_at`

func scanBroadcast(row interface{ Scan(dest ...any) error }) (Broadcast, error) {
	var b Broadcast
	var audience string
	var send, created, updated int64
	err := row.Scan(&b.ID, &b.TextID, &b.TextEN, &audience, &b.Status, &send, &b.Cursor, &b.CreatedBy, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Broadcast{}, ErrNotFound
	}
	if err != nil {
		return Broadcast{}, err
	}
	if err := json.Unmarshal([]byte(audience), &b.Audience); err != nil {
		return Broadcast{}, fmt.Errorf("broadcast %d: audience: %w", b.ID, err)
	}
	b.SendAt, b.CreatedAt, b.UpdatedAt = fromMS(send), fromMS(created), fromMS(updated)
	return b, nil
}

// CreateBroadcast adds a broadcast, scheduled for b.SendAt (b.ID set).
func (tx *Tx) CreateBroadcast(b *Broadcast, now time.Time) error {
	audience, err := json.Marshal(b.Audience)
	if err != nil {
		return fmt.Errorf("create broadcast: %w", err)
	}
	row, err := tx.queryRow(`INSERT INTO broadcasts (text_id, text_en, audience, send_at, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, b.TextID, b.TextEN, string(audience), ms(b.SendAt), b.CreatedBy, ms(now), ms(now))
	if err == nil {
		err = row.Scan(&b.ID)
	}
	if err != nil {
		return fmt.Errorf("create broadcast: %w", err)
	}
	b.Status, b.CreatedAt, b.UpdatedAt = BroadcastScheduled, fromMS(ms(now)), fromMS(ms(now))
	return nil
}

// FindBroadcast returns a broadcast, or ErrNotFound.
func (q *queries) FindBroadcast(id int64) (Broadcast, error) {
	row, err := q.queryRow(`SELECT `+broadcastColumns+` FROM broadcasts WHERE id = ?`, id)
	if err != nil {
		return Broadcast{}, fmt.Errorf("find broadcast: %w", err)
	}
	b, err := scanBroadcast(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Broadcast{}, fmt.Errorf("find broadcast %d: %w", id, err)
	}
	return b, err
}

// Broadcasts lists the latest broadcasts, newest first.
func (q *queries) Broadcasts(limit int) ([]Broadcast, error) {
	rows, err := q.query(`SELECT `+broadcastColumns+` FROM broadcasts ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("broadcasts: %w", err)
	}
	defer rows.Close()
	var out []Broadcast
	for rows.Next() {
		b, err := scanBroadcast(rows)
		if err != nil {
			return nil, fmt.Errorf("broadcasts: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// DueBroadcasts lists the broadcasts whose recipients are to be written
// now: scheduled ones whose time came, and those being written.
func (q *queries) DueBroadcasts(now time.Time) ([]Broadcast, error) {
	rows, err := q.query(`SELECT `+broadcastColumns+` FROM broadcasts WHERE status = 'sending'
		OR status = 'scheduled' AND send_at <= ? ORDER BY send_at, id`, ms(now))
	if err != nil {
		return nil, fmt.Errorf("due broadcasts: %w", err)
	}
	defer rows.Close()
	var out []Broadcast
	for rows.Next() {
		b, err := scanBroadcast(rows)
		if err != nil {
			return nil, fmt.Errorf("due broadcasts: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// NextBroadcast is when the next scheduled broadcast is due; false when
// none is.
func (q *queries) NextBroadcast() (time.Time, bool, error) {
	row, err := q.queryRow(`SELECT MIN(send_at) FROM broadcasts WHERE status = 'scheduled'`)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next broadcast: %w", err)
	}
	var at sql.NullInt64
	if err := row.Scan(&at); err != nil {
		return time.Time{}, false, fmt.Errorf("next broadcast: %w", err)
	}
	return fromMS(at.Int64), at.Valid, nil
}

// SetBroadcast moves a broadcast to status, its recipients written up to
// the owner id cursor.
func (tx *Tx) SetBroadcast(id int64, status string, cursor int64, now time.Time) error {
	if _, err := tx.exec(`UPDATE broadcasts SET status = ?, cursor = ?, updated_at = ? WHERE id = ?`, status, cursor, ms(now), id); err != nil {
		return fmt.Errorf("set broadcast %d: %w", id, err)
	}
	return nil
}

// SkipRecipients marks the queued recipients of a broadcast (0: of every
// broadcast) that owner (0: every owner) has skipped for reason, and
// deletes their pending outbox rows: a cancelled broadcast, an owner who
// opted out or was erased.
func (tx *Tx) SkipRecipients(broadcastID, ownerID int64, reason string, now time.Time) (int64, error) {
	match, args := `status = 'queued'`, []any{}
	if broadcastID != 0 {
		match, args = match+` AND broadcast_id = ?`, append(args, broadcastID)
	}
	if ownerID != 0 {
		match, args = match+` AND owner_id = ?`, append(args, ownerID)
	}
	if _, err := tx.exec(`DELETE FROM outbox WHERE status = 'pending' AND id IN
		(SELECT outbox_id FROM broadcast_recipients WHERE `+match+` AND outbox_id IS NOT NULL)`, args...); err != nil {
		return 0, fmt.Errorf("skip recipients: %w", err)
	}
	res, err := tx.exec(`UPDATE broadcast_recipients SET status = 'skipped', reason = ?, outbox_id = NULL, updated_at = ?
		WHERE `+match, append([]any{reason, ms(now)}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("skip recipients: %w", err)
	}
	return res.RowsAffected()
}

// settleRecipients records on the recipient rows what became of the
// outbox rows ids: sent, or failed with reason.
func (tx *Tx) settleRecipients(idsJSON string, status, reason string, at time.Time) error {
	if _, err := tx.exec(`UPDATE broadcast_recipients SET status = ?, reason = ?, updated_at = ?
		WHERE outbox_id IN (SELECT value FROM json_each(?)) AND status = 'queued'`, status, truncate(reason, 200), ms(at), idsJSON); err != nil {
		return fmt.Errorf("settle recipients: %w", err)
	}
	return nil
}

// RecipientCount is how many recipients of a broadcast are in a status
// (and reason) on a channel.
type RecipientCount struct {
	Channel, Status, Reason string
	N                       int
}

// ReceiptCount is how many of a broadcast's copies on a channel the
// platform said it delivered, and the owner read; NotDelivered: sent
// before a time and not said delivered since.
type ReceiptCount struct {
	Channel                       string
	Delivered, Read, NotDelivered int
}

// CountReceipts counts a broadcast's receipts by channel.
func (q *queries) CountReceipts(broadcastID int64, notDeliveredBefore time.Time) ([]ReceiptCount, error) {
	out, err := queryAll(q, func(c *ReceiptCount) []any { return []any{&c.Channel, &c.Delivered, &c.Read, &c.NotDelivered} },
		`SELECT channel, COUNT(delivered_at), COUNT(read_at), SUM(status = 'sent' AND delivered_at IS NULL AND updated_at < ?)
		FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY channel ORDER BY channel`, ms(notDeliveredBefore), broadcastID)
	if err != nil {
		return nil, fmt.Errorf("count receipts: %w", err)
	}
	return out, nil
}

// CountRecipients counts a broadcast's recipients by channel, status and
// reason.
func (q *queries) CountRecipients(broadcastID int64) ([]RecipientCount, error) {
	rows, err := q.query(`SELECT channel, status, CASE WHEN status = 'failed' THEN '' ELSE reason END, COUNT(*)
		FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, broadcastID)
	if err != nil {
		return nil, fmt.Errorf("count recipients: %w", err)
	}
	defer rows.Close()
	var out []RecipientCount
	for rows.Next() {
		var c RecipientCount
		if err := rows.Scan(&c.Channel, &c.Status, &c.Reason, &c.N); err != nil {
			return nil, fmt.Errorf("count recipients: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FailedRecipients lists a broadcast's recipients that failed, or were
// skipped, in owner order.
//
// Those sent before notDeliveredBefore that the platform has not said it
// delivered are listed too, with the reason "not_delivered": the ones to
// follow up (a zero time lists none of them).
func (q *queries) FailedRecipients(broadcastID int64, notDeliveredBefore time.Time) ([]Recipient, error) {
	rows, err := q.query(`SELECT broadcast_id, owner_id, channel, status,
			CASE WHEN status = 'sent' THEN 'not_delivered' ELSE reason END, updated_at FROM broadcast_recipients
		WHERE broadcast_id = ? AND (status IN ('failed', 'skipped') OR status = 'sent' AND delivered_at IS NULL AND updated_at < ?)
		ORDER BY owner_id`, broadcastID, ms(notDeliveredBefore))
	if err != nil {
		return nil, fmt.Errorf("failed recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		var at int64
		if err := rows.Scan(&r.BroadcastID, &r.OwnerID, &r.Channel, &r.Status, &r.Reason, &at); err != nil {
			return nil, fmt.Errorf("failed recipients: %w", err)
		}
		r.UpdatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
