package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// OutboxMessage is one message waiting to be sent, or already sent.
type OutboxMessage struct {
	ID    int64
	Chat  ChatKey
	Reply Reply
	// DedupeKey, when set, makes planning the same message twice queue it
	// once (e.g. "remind:training:12:owner:5:h-1").
	DedupeKey string
	NotBefore time.Time
	Attempts  int
	CreatedAt time.Time
}

// Enqueue queues a message. It returns false when a message with the same
// dedupe key is already queued.
//
// A message to a chat erased earlier in the same transaction (the goodbye
// after "hapus data saya") is marked to be forgotten: once it is sent, or
// given up, its row is deleted rather than kept with the chat's address.
func (tx *Tx) Enqueue(m OutboxMessage) (bool, error) {
	body, err := json.Marshal(m.Reply)
	if err != nil {
		return false, fmt.Errorf("enqueue: encode: %w", err)
	}
	var dedupe any
	if m.DedupeKey != "" {
		dedupe = m.DedupeKey
	}
	nb := ms(m.NotBefore)
	res, err := tx.exec(`INSERT INTO outbox (channel, address, body, dedupe_key, not_before, next_attempt_at, created_at,
		forget_on_send) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
		m.Chat.Channel, m.Chat.Address, string(body), dedupe, nb, nb, ms(m.CreatedAt), tx.erased[m.Chat])
	if err != nil {
		return false, fmt.Errorf("enqueue: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("enqueue: %w", err)
	}
	return n == 1, nil
}

// DueOutbox lists, oldest first, up to limit pending messages of the channel
// that may be sent at now. When address is not empty only that chat's are
// listed. A chat's messages are not listed while one of them waits for a
// retry, so that they arrive in order, nor while the chat is unreachable;
// held rows are filtered before the limit, so that however many wait,
// the other chats' messages still go.
func (tx *queries) DueOutbox(channel, address string, now time.Time, limit int) ([]OutboxMessage, error) {
	filter, args := "", []any{channel, ms(now)}
	if address != "" {
		filter, args = " AND o.address = ?", append(args, address)
	}
	args = append(args, ms(now), limit)
	rows, err := tx.query(`SELECT o.id, o.address, o.body, COALESCE(o.dedupe_key, ''), o.not_before, o.attempts, o.created_at
		FROM outbox o
		WHERE o.status = 'pending' AND o.channel = ? AND o.next_attempt_at <= ?`+filter+`
		AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.channel = o.channel AND s.address = o.address AND s.unreachable = 1)
		AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.status = 'pending' AND e.channel = o.channel AND e.address = o.address
			AND e.attempts > 0 AND e.next_attempt_at > ?)
		ORDER BY o.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		m := OutboxMessage{Chat: ChatKey{Channel: channel}}
		var body []byte
		var nb, created int64
		if err := rows.Scan(&m.ID, &m.Chat.Address, &body, &m.DedupeKey, &nb, &m.Attempts, &created); err != nil {
			return nil, fmt.Errorf("due outbox: %w", err)
		}
		if err := json.Unmarshal(body, &m.Reply); err != nil {
			return nil, fmt.Errorf("due outbox: decode %d: %w", m.ID, err)
		}
		m.NotBefore, m.CreatedAt = fromMS(nb), fromMS(created)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	return out, nil
}

// NextDue returns when the channel's next pending message becomes due, and
// false when none is pending.
func (tx *queries) NextDue(channel, address string) (time.Time, bool, error) {
	q := `SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND channel = ?`
	args := []any{channel}
	if address != "" {
		q += ` AND address = ?`
		args = append(args, address)
	}
	row, err := tx.queryRow(q, args...)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next due: %w", err)
	}
	var next sql.NullInt64
	if err := row.Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("next due: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return fromMS(next.Int64), true, nil
}

// MarkSent records that the messages were delivered. A message to an
// erased chat (Enqueue) is deleted instead, and the files scrubbed.
func (db *DB) MarkSent(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("mark sent: %w", err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.forget(`status = 'pending' AND id IN (SELECT value FROM json_each(?))`, string(list)); err != nil {
			return err
		}
		_, err := tx.exec(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1
			WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?))`, ms(at), string(list))
		return err
	})
	if err != nil {
		return fmt.Errorf("mark sent: %w", err)
	}
	return nil
}

// MarkRetry records a failed attempt and when to try again.
func (db *DB) MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	if _, err := db.write(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
		WHERE id = ? AND status = 'pending'`, ms(next), truncate(reason, 500), id); err != nil {
		return fmt.Errorf("mark retry %d: %w", id, err)
	}
	return nil
}

// MarkFailed gives up on a message for good. A message to an erased chat
// (Enqueue) is deleted instead, and the files scrubbed.
func (db *DB) MarkFailed(ctx context.Context, id int64, at time.Time, reason string) error {
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.forget(`status = 'pending' AND id = ?`, id); err != nil {
			return err
		}
		_, err := tx.exec(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, sent_at = ?, last_error = ?
			WHERE id = ? AND status = 'pending'`, ms(at), truncate(reason, 500), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark failed %d: %w", id, err)
	}
	return nil
}

// forget deletes the messages to erased chats among the outbox rows that
// match where, and asks for a scrub of the files if there were any.
func (tx *Tx) forget(where string, args ...any) error {
	res, err := tx.exec(`DELETE FROM outbox WHERE forget_on_send = 1 AND `+where, args...)
	if err != nil {
		return fmt.Errorf("forget messages to erased chats: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("forget messages to erased chats: %w", err)
	}
	if n > 0 {
		return tx.oweScrub()
	}
	return nil
}

// PruneOutbox deletes messages sent or failed before t: their text may quote
// personal data, and they are not needed once delivered.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	n, err := db.write(ctx, `DELETE FROM outbox WHERE status <> 'pending' AND sent_at < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
