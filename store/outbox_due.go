package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// urgentKinds are the kinds DueOutbox lists first, most urgent first;
// the rest (broadcasts) follow in the order they were queued.
func urgentKinds() []Kind { return []Kind{KindReply, KindNotice, KindReminder} }

// DueOutbox lists up to limit pending messages of the channel that may be
// sent at now; when address is not empty, only that chat's.
//
// Replies come first, then notices, then reminders, then the rest in the
// order they were queued, so that however many broadcasts wait, an
// answer to an owner goes next. A chat's messages are always listed in
// the order they were queued: a message listed early for its kind brings
// the chat's earlier messages with it (a broadcast queued before a reply
// goes just before the reply).
//
// A chat's messages are not listed while one of them waits for a retry,
// so that they arrive in order, nor while the chat is unreachable; held
// rows are filtered before the limit, so that however many wait, the
// other chats' messages still go. A message past its expiry is never
// listed (ExpireOutbox marks it).
func (tx *queries) DueOutbox(channel, address string, now time.Time, limit int) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	out, err := tx.dueUrgent(channel, address, now, limit)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	if len(out) == limit {
		// Full; or rows of the urgent chats were left out, and the rest
		// could list a chat's later row without them.
		return out, nil
	}
	rest, err := tx.dueRows(channel, address, now, limit)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	listed := map[int64]bool{}
	for _, m := range out {
		listed[m.ID] = true
	}
	for _, m := range rest { // (at most len(out) of them listed already)
		if len(out) == limit {
			break
		}
		if !listed[m.ID] {
			out = append(out, m)
		}
	}
	return out, nil
}

// dueColumns are the columns scanDue reads, of outbox o.
const dueColumns = `o.id, o.address, o.kind, COALESCE(o.owner_id, 0), o.body, COALESCE(o.dedupe_key, ''), o.not_before,
	o.expires_at, o.attempts, o.created_at`

// dueFilter keeps the rows of outbox o that may be sent at ?2: due, not
// expired, and of a chat neither unreachable nor waiting for a retry.
const dueFilter = `o.status = 'pending' AND o.next_attempt_at <= ?2 AND (o.expires_at IS NULL OR o.expires_at > ?2)
	AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.channel = o.channel AND s.address = o.address AND s.unreachable = 1)
	AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.status = 'pending' AND e.channel = o.channel AND e.address = o.address
		AND e.attempts > 0 AND e.next_attempt_at > ?2 AND (e.expires_at IS NULL OR e.expires_at > ?2))`

// dueUrgent lists up to limit due rows of the chats that have a due row
// of an urgent kind: each such chat's rows up to its last urgent row,
// ranked by the most urgent row at or after them in their chat, then in
// order. A row's rank never decreases along its chat, so each chat's rows
// stay in order.
//
// CROSS JOIN keeps the join in this order (SQLite does not reorder it):
// the few urgent chats first, then each one's rows, rather than every
// pending row of the channel, looked up among the urgent chats.
func (tx *queries) dueUrgent(channel, address string, now time.Time, limit int) ([]OutboxMessage, error) {
	// The kinds are constants: the query is built from them, not from input.
	var ranks, kinds []string
	for i, k := range urgentKinds() {
		ranks = append(ranks, fmt.Sprintf("WHEN '%s' THEN %d", k, i))
		kinds = append(kinds, "'"+string(k)+"'")
	}
	filter, args := "", []any{channel, ms(now), limit}
	if address != "" {
		filter, args = ` AND address = ?4`, append(args, address)
	}
	return tx.scanDue(channel, `WITH urgent (address, rank, id) AS MATERIALIZED (
			SELECT address, CASE kind `+strings.Join(ranks, " ")+` END, id FROM outbox
			WHERE status = 'pending' AND channel = ?1 AND kind IN (`+strings.Join(kinds, ", ")+`) AND next_attempt_at <= ?2
				AND (expires_at IS NULL OR expires_at > ?2)`+filter+`
),
		chats (address, upto) AS (SELECT address, MAX(id) FROM urgent GROUP BY address)
		SELECT `+dueColumns+` FROM chats CROSS JOIN outbox o ON o.channel = ?1 AND o.address = chats.address
			AND o.id <= chats.upto
		WHERE `+dueFilter+`
		ORDER BY (SELECT MIN(rank) FROM urgent u WHERE u.address = o.address AND u.id >= o.id), o.id LIMIT ?3`, args...)
}

// dueRows lists, in order, up to limit due rows of any kind.
func (tx *queries) dueRows(channel, address string, now time.Time, limit int) ([]OutboxMessage, error) {
	filter, args := "", []any{channel, ms(now), limit}
	if address != "" {
		filter, args = ` AND o.address = ?4`, append(args, address)
	}
	return tx.scanDue(channel, `SELECT `+dueColumns+` FROM outbox o
		WHERE o.channel = ?1 AND `+dueFilter+filter+`
		ORDER BY o.id LIMIT ?3`, args...)
}

// scanDue runs a query of dueColumns and reads its rows.
func (tx *queries) scanDue(channel, q string, args ...any) ([]OutboxMessage, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		m := OutboxMessage{Chat: ChatKey{Channel: channel}}
		var body []byte
		var nb, created int64
		var expires sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Chat.Address, &m.Kind, &m.OwnerID, &body, &m.DedupeKey, &nb, &expires,
			&m.Attempts, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &m.Reply); err != nil {
			return nil, fmt.Errorf("decode %d: %w", m.ID, err)
		}
		m.NotBefore, m.CreatedAt = fromMS(nb), fromMS(created)
		if expires.Valid {
			m.ExpiresAt = fromMS(expires.Int64)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// NextDue returns when the channel's next pending message becomes due
// (for a chat's only, when address is not empty), and false when none is
// pending.
func (tx *queries) NextDue(channel, address string) (time.Time, bool, error) {
	filter, args := "", []any{channel}
	if address != "" {
		filter, args = ` AND address = ?2`, append(args, address)
	}
	// A MIN per kind, each the first entry of its range of outbox_due,
	// where one MIN over all kinds would read every pending row's entry.
	var mins []string
	for _, k := range []Kind{KindReply, KindNotice, KindReminder, KindBroadcast} {
		mins = append(mins, `SELECT MIN(next_attempt_at) AS at FROM outbox
			WHERE status = 'pending' AND channel = ?1 AND kind = '`+string(k)+`'`+filter)
	}
	row, err := tx.queryRow(`SELECT MIN(at) FROM (`+strings.Join(mins, " UNION ALL ")+`)`, args...)
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
