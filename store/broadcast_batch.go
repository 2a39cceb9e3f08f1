package store

import (
	"fmt"
	"slices"
	"strings"
)

// manyRows is how many rows one multi-row INSERT writes: a broadcast's
// batch goes in a few statements instead of one per owner.
const manyRows = 100

// EnqueueMany queues messages that each have a dedupe key, like Enqueue,
// in a few statements, and returns the new rows' ids by dedupe key (a
// message whose key is queued already gets none).
func (tx *Tx) EnqueueMany(msgs []OutboxMessage) (map[string]int64, error) {
	ids := make(map[string]int64, len(msgs))
	bodies := map[string]string{} // a text alone encodes the same each time (a broadcast's copies)
	for chunk := range slices.Chunk(msgs, manyRows) {
		var q strings.Builder
		q.WriteString(`INSERT INTO outbox (channel, address, kind, owner_id, body, dedupe_key, not_before, next_attempt_at,
			expires_at, created_at, forget_on_send) VALUES `)
		args := make([]any, 0, 11*len(chunk))
		for i, m := range chunk {
			if m.DedupeKey == "" {
				return nil, fmt.Errorf("enqueue many: a message without a dedupe key")
			}
			if m.Kind == "" {
				m.Kind = KindReply
			}
			if !m.Kind.valid() {
				return nil, fmt.Errorf("enqueue many: unknown kind %q", m.Kind)
			}
			plain := len(m.Reply.Choices) == 0 && m.Reply.Ask == "" && m.Reply.Step == ""
			body, ok := bodies[m.Reply.Text]
			if !plain || !ok {
				if body = string(appendReply(nil, m.Reply)); plain {
					bodies[m.Reply.Text] = body
				}
			}
			var owner, expires any
			if m.OwnerID != 0 && !tx.erasedOwners[m.OwnerID] {
				owner = m.OwnerID
			}
			if !m.ExpiresAt.IsZero() {
				expires = ms(m.ExpiresAt)
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			nb := ms(m.NotBefore)
			args = append(args, m.Chat.Channel, m.Chat.Address, string(m.Kind), owner, body, m.DedupeKey, nb, nb, expires,
				ms(m.CreatedAt), tx.erased[m.Chat] || m.Reply.Forget)
			if !slices.Contains(tx.channels, m.Chat.Channel) {
				tx.channels = append(tx.channels, m.Chat.Channel)
			}
		}
		q.WriteString(` ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id, dedupe_key`)
		rows, err := tx.query(q.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("enqueue many: %w", err)
		}
		for rows.Next() {
			var id int64
			var key string
			if err := rows.Scan(&id, &key); err != nil {
				rows.Close()
				return nil, fmt.Errorf("enqueue many: %w", err)
			}
			ids[key] = id
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("enqueue many: %w", err)
		}
	}
	return ids, nil
}

// AddRecipients writes recipient rows, with their outbox rows' ids (0:
// none), in a few statements, and returns how many were new (an owner
// with a row already keeps it).
func (tx *Tx) AddRecipients(rs []Recipient, outboxIDs []int64) (int, error) {
	n := 0
	for start := 0; start < len(rs); start += manyRows {
		chunk := rs[start:min(start+manyRows, len(rs))]
		var q strings.Builder
		q.WriteString(`INSERT INTO broadcast_recipients (broadcast_id, owner_id, channel, status, reason, outbox_id, updated_at) VALUES `)
		args := make([]any, 0, 7*len(chunk))
		for i, r := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			var ob any
			if id := outboxIDs[start+i]; id != 0 {
				ob = id
			}
			args = append(args, r.BroadcastID, r.OwnerID, r.Channel, r.Status, r.Reason, ob, ms(r.UpdatedAt))
		}
		q.WriteString(` ON CONFLICT DO NOTHING`)
		res, err := tx.exec(q.String(), args...)
		if err != nil {
			return n, fmt.Errorf("add recipients: %w", err)
		}
		added, err := res.RowsAffected()
		if err != nil {
			return n, fmt.Errorf("add recipients: %w", err)
		}
		n += int(added)
	}
	return n, nil
}
