package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kind says what an outbox row is; it sets the row's priority (DueOutbox)
// and whether it may expire.
type Kind string

const (
	KindReply     Kind = "reply"     // an answer to the chat's message: sent before any other kind
	KindNotice    Kind = "notice"    // a change the chat is told of: a stage, a ticket's answer, a seat
	KindReminder  Kind = "reminder"  // planned; dropped when later than its ExpiresAt
	KindBroadcast Kind = "broadcast" // an announcement to many owners
)

// valid reports whether k is one of the kinds.
func (k Kind) valid() bool {
	switch k {
	case KindReply, KindNotice, KindReminder, KindBroadcast:
		return true
	}
	return false
}

// OutboxMessage is one message waiting to be sent, or already sent.
type OutboxMessage struct {
	ID    int64
	Chat  ChatKey
	Reply Reply
	Kind  Kind // "" queues a reply
	// OwnerID is the owner the message concerns (0: none), whichever chat
	// it goes to: erasing the owner deletes it.
	OwnerID int64
	// DedupeKey, when set, makes planning the same message twice queue it
	// once (e.g. "remind:training:12:v2:owner:5:h-1"); a version in it
	// lets a re-plan cancel the old rows by prefix (CancelOutbox).
	DedupeKey string
	NotBefore time.Time
	// ExpiresAt, when set, is the latest the message may be sent: past it,
	// it is not sent, and ExpireOutbox marks it expired.
	ExpiresAt time.Time
	Attempts  int
	CreatedAt time.Time
	// body is the reply's JSON, when read with Skip.Undecoded and not
	// decoded yet (DecodeReply).
	body string
}

// DecodeReply decodes the reply of a row read with Skip.Undecoded; it
// does nothing for one decoded already.
func (m *OutboxMessage) DecodeReply() error {
	if m.body == "" {
		return nil
	}
	if err := decodeReply(m.body, &m.Reply); err != nil {
		return fmt.Errorf("outbox row %d: %w", m.ID, err)
	}
	m.body = ""
	return nil
}

// Enqueue queues a message. It returns false when a message with the same
// dedupe key is already queued.
//
// A message to a chat erased earlier in the same transaction (the goodbye
// after "hapus data saya") is marked to be forgotten: once it is sent, or
// given up, its row is deleted rather than kept with the chat's address.
// It is linked to no owner if its owner was erased in the transaction.
func (tx *Tx) Enqueue(m OutboxMessage) (bool, error) {
	id, err := tx.EnqueueID(m)
	return id != 0, err
}

// EnqueueID is Enqueue returning the new row's id, or 0 when a message
// with the same dedupe key is already queued.
func (tx *Tx) EnqueueID(m OutboxMessage) (int64, error) {
	if m.Kind == "" {
		m.Kind = KindReply
	}
	if !m.Kind.valid() {
		return 0, fmt.Errorf("enqueue: unknown kind %q", m.Kind)
	}
	if need := replySize(m.Reply); cap(tx.buf) < need {
		tx.buf = make([]byte, 0, need)
	}
	tx.buf = appendReply(tx.buf[:0], m.Reply)
	body := string(tx.buf)
	var dedupe, owner, expires any
	if m.DedupeKey != "" {
		dedupe = m.DedupeKey
	}
	if m.OwnerID != 0 && !tx.erasedOwners[m.OwnerID] {
		owner = m.OwnerID
	}
	if !m.ExpiresAt.IsZero() {
		expires = ms(m.ExpiresAt)
	}
	var nb any = ms(m.NotBefore) // (boxed once, bound twice)
	res, err := tx.exec(`INSERT INTO outbox (channel, address, kind, owner_id, body, dedupe_key, not_before, next_attempt_at,
		expires_at, created_at, forget_on_send) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
		m.Chat.Channel, m.Chat.Address, string(m.Kind), owner, body, dedupe, nb, nb, expires, ms(m.CreatedAt),
		tx.erased[m.Chat] || m.Reply.Forget)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	if !slices.Contains(tx.channels, m.Chat.Channel) {
		tx.channels = append(tx.channels, m.Chat.Channel)
	}
	return id, nil
}

// Channels are the channels this transaction queued messages for: once
// it commits, their senders have something to send.
func (tx *Tx) Channels() []string { return tx.channels }

// CancelOutbox deletes the pending messages whose dedupe key starts with
// prefix (the rows of a plan made again under a new version, e.g.
// "remind:training:12:v1:") and returns how many. An empty prefix is an
// error, not "all".
func (tx *Tx) CancelOutbox(prefix string) (int64, error) {
	if prefix == "" {
		return 0, fmt.Errorf("cancel outbox: empty dedupe key prefix")
	}
	// A range of keys rather than LIKE, which the index cannot serve (its
	// collation is case-sensitive, LIKE is not) and which would read "_"
	// and "%" in the prefix as wildcards.
	q, args := `DELETE FROM outbox WHERE status = 'pending' AND dedupe_key >= ?`, []any{prefix}
	if end, ok := prefixEnd(prefix); ok {
		q, args = q+` AND dedupe_key < ?`, append(args, end)
	}
	res, err := tx.exec(q, args...)
	if err != nil {
		return 0, fmt.Errorf("cancel outbox %q: %w", prefix, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("cancel outbox %q: %w", prefix, err)
	}
	return n, nil
}

// prefixEnd returns the least string greater than every string that
// starts with prefix, and false when there is none (prefix is all 0xff
// bytes).
func prefixEnd(prefix string) (string, bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

// ExpireOutbox marks expired the pending messages whose expiry is at or
// before now, and returns how many: they are never sent late. DueOutbox
// leaves them out already; marking them keeps them apart from pending
// rows until they are pruned with the sent ones. A message to an erased
// chat (Enqueue) is deleted instead, and the files scrubbed.
func (db *DB) ExpireOutbox(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.forget(`status = 'pending' AND expires_at <= ?`, ms(now)); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE outbox SET status = 'expired', sent_at = ? WHERE status = 'pending' AND expires_at <= ?`,
			ms(now), ms(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("expire outbox: %w", err)
	}
	return n, nil
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
		if err := tx.settleRecipients(string(list), RecipientSent, "", at); err != nil {
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
		if err := tx.settleRecipients(fmt.Sprintf("[%d]", id), RecipientFailed, reason, at); err != nil {
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

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
