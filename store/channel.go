package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// MarkReachable records that a chat may be written to again (the owner
// unblocked the bot).
func (db *DB) MarkReachable(ctx context.Context, chat ChatKey) error {
	if _, err := db.write(ctx, `UPDATE sessions SET unreachable = 0 WHERE channel = ? AND address = ? AND unreachable = 1`,
		chat.Channel, chat.Address); err != nil {
		return fmt.Errorf("mark reachable: %w", err)
	}
	return nil
}

// SetPlatformID records the platform's id of a sent outbox row.
func (db *DB) SetPlatformID(ctx context.Context, outboxID int64, platformID string) error {
	if _, err := db.write(ctx, `UPDATE outbox SET platform_id = ? WHERE id = ?`, platformID, outboxID); err != nil {
		return fmt.Errorf("set platform id: %w", err)
	}
	return nil
}

// FindSent returns the sent outbox row a platform id names on a channel
// (a retry request for it), or ErrNotFound (pruned, or never ours).
func (q *queries) FindSent(channel, platformID string) (OutboxMessage, error) {
	row, err := q.queryRow(`SELECT id, channel, address, kind, body, COALESCE(owner_id, 0), created_at FROM outbox
		WHERE channel = ? AND platform_id = ?`, channel, platformID)
	if err != nil {
		return OutboxMessage{}, fmt.Errorf("find sent: %w", err)
	}
	var m OutboxMessage
	var body string
	var kind string
	var created int64
	err = row.Scan(&m.ID, &m.Chat.Channel, &m.Chat.Address, &kind, &body, &m.OwnerID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return OutboxMessage{}, ErrNotFound
	}
	if err != nil {
		return OutboxMessage{}, fmt.Errorf("find sent: %w", err)
	}
	m.Kind, m.CreatedAt = Kind(kind), fromMS(created)
	if err := json.Unmarshal([]byte(body), &m.Reply); err != nil {
		return OutboxMessage{}, fmt.Errorf("find sent %d: %w", m.ID, err)
	}
	return m, nil
}

// Receipt kinds.
const (
	ReceiptDelivered = "delivered"
	ReceiptRead      = "read"
)

// MarkReceipt records that the platform delivered (or the owner read) the
// messages with these platform ids, on the outbox rows and on the
// broadcast recipients they carried; the earliest time of each is kept,
// whatever order the receipts come in.
func (db *DB) MarkReceipt(ctx context.Context, channel string, platformIDs []string, kind string, at time.Time) error {
	col := "delivered_at"
	if kind == ReceiptRead {
		col = "read_at"
	}
	err := db.Update(ctx, func(tx *Tx) error {
		for _, id := range platformIDs {
			var outboxID int64
			row, err := tx.queryRow(`UPDATE outbox SET `+col+` = MIN(COALESCE(`+col+`, ?1), ?1) WHERE channel = ?2 AND platform_id = ?3 RETURNING id`,
				ms(at), channel, id)
			if err != nil {
				return err
			}
			if err := row.Scan(&outboxID); errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return err
			}
			if _, err := tx.exec(`UPDATE broadcast_recipients SET `+col+` = MIN(COALESCE(`+col+`, ?1), ?1) WHERE outbox_id = ?2`, ms(at), outboxID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark receipt: %w", err)
	}
	return nil
}

// Pause reasons (Pause.Reason) the WhatsApp channel records.
const (
	// PauseReachout: WhatsApp refused a message with error 463, its
	// reach-out lock on the number.
	PauseReachout = "reachout_lock"
	// PauseTempBanPrefix starts the reason of a temporary ban, followed
	// by WhatsApp's code: "temporary_ban:101".
	PauseTempBanPrefix = "temporary_ban:"
)

// Pause is a channel's pause: only replies go out until Until (zero:
// until lifted), for Reason (e.g. "reachout_lock", "temporary_ban:101").
type Pause struct {
	Channel string
	Until   time.Time
	Reason  string
	Since   time.Time
}

// SetPause pauses a channel's proactive messages; see Tx.SetPause.
func (db *DB) SetPause(ctx context.Context, p Pause) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.SetPause(p)
		return err
	})
}

// SetPause pauses a channel's proactive messages from p.Since, and
// reports whether a pause was already in effect then (so that whoever
// tells the officers tells them once per pause). A pause in effect is
// extended, never shortened: it keeps its start, and takes p's end and
// reason only when p ends later (a zero Until, "until lifted", is the
// latest). A pause that had ended is replaced.
func (tx *Tx) SetPause(p Pause) (already bool, err error) {
	cur, on, err := tx.PauseOf(p.Channel, p.Since)
	if err != nil {
		return false, fmt.Errorf("set pause: %w", err)
	}
	if on {
		if !endsLater(p.Until, cur.Until) {
			return true, nil
		}
		p.Since = cur.Since
	}
	var until any
	if !p.Until.IsZero() {
		until = ms(p.Until)
	}
	tx.pauses = true
	if _, err := tx.exec(`INSERT INTO channel_pauses (channel, until, reason, since) VALUES (?, ?, ?, ?)
		ON CONFLICT (channel) DO UPDATE SET until = excluded.until, reason = excluded.reason, since = excluded.since`,
		p.Channel, until, p.Reason, ms(p.Since)); err != nil {
		return false, fmt.Errorf("set pause: %w", err)
	}
	return on, nil
}

// endsLater reports whether a pause ending at a ends after one ending at
// b; the zero time is no end.
func endsLater(a, b time.Time) bool {
	return !b.IsZero() && (a.IsZero() || a.After(b))
}

// LiftPause ends a channel's pause.
func (db *DB) LiftPause(ctx context.Context, channel string) error {
	err := db.Update(ctx, func(tx *Tx) error {
		tx.pauses = true
		_, err := tx.exec(`DELETE FROM channel_pauses WHERE channel = ?`, channel)
		return err
	})
	if err != nil {
		return fmt.Errorf("lift pause: %w", err)
	}
	return nil
}

// PauseGeneration changes (after the commit) each time this process
// writes a channel's pause: a pause read after taking the generation
// stays true while it has not changed, so that the sender need not read
// it at every look. Only the bot's own process pauses its channels (the
// WhatsApp adapter).
func (db *DB) PauseGeneration() int64 { return db.pauseGen.Load() }

// PauseOf returns a channel's pause in effect at now; false when none is
// (or it has ended).
func (q *queries) PauseOf(channel string, now time.Time) (Pause, bool, error) {
	row, err := q.queryRow(`SELECT channel, until, reason, since FROM channel_pauses WHERE channel = ?`, channel)
	if err != nil {
		return Pause{}, false, fmt.Errorf("pause of: %w", err)
	}
	var p Pause
	var until sql.NullInt64
	var since int64
	err = row.Scan(&p.Channel, &until, &p.Reason, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return Pause{}, false, nil
	}
	if err != nil {
		return Pause{}, false, fmt.Errorf("pause of: %w", err)
	}
	p.Since = fromMS(since)
	if until.Valid {
		p.Until = fromMS(until.Int64)
		if !p.Until.After(now) {
			return Pause{}, false, nil
		}
	}
	return p, true, nil
}

// Undelivered lists the messages to an owner sent before before that
// the platform tracks (a platform id) and has not said it delivered: the
// ones to follow up. Newest first, at most limit.
func (q *queries) Undelivered(ownerID int64, before time.Time, limit int) ([]OutboxMessage, error) {
	rows, err := q.query(`SELECT id, channel, address, kind, body, sent_at FROM outbox WHERE owner_id = ? AND status = 'sent'
		AND platform_id IS NOT NULL AND delivered_at IS NULL AND sent_at < ? ORDER BY sent_at DESC LIMIT ?`, ownerID, ms(before), limit)
	if err != nil {
		return nil, fmt.Errorf("undelivered: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		var kind, body string
		var sent int64
		if err := rows.Scan(&m.ID, &m.Chat.Channel, &m.Chat.Address, &kind, &body, &sent); err != nil {
			return nil, fmt.Errorf("undelivered: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &m.Reply); err != nil {
			return nil, fmt.Errorf("undelivered %d: %w", m.ID, err)
		}
		m.Kind, m.CreatedAt = Kind(kind), fromMS(sent)
		out = append(out, m)
	}
	return out, rows.Err()
}
