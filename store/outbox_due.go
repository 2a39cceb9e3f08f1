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
// The chats with a reply come first, then those with a notice, then
// those with a reminder, each chat's messages up to its last of these
// kinds, then the rest in the order queued: however many broadcasts
// wait, an answer to an owner goes next. Among chats of the same kind,
// the one whose message became due first comes first. A chat's messages
// are always listed in the order they were queued: a message listed early
// for its kind brings the chat's earlier messages with it (a broadcast
// queued before a reply goes just before the reply).
//
// A chat's messages are not listed while one of them waits for a retry,
// so that they arrive in order, nor while the chat is unreachable; held
// rows are filtered before the limit, so that however many wait, the
// other chats' messages still go. A message past its expiry is never
// listed (ExpireOutbox marks it).
//
// Its work grows with limit, not with how many messages wait: each look
// reads at most limit entries of an index in order.
func (tx *queries) DueOutbox(channel, address string, now time.Time, limit int) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	chats, err := tx.urgentChats(channel, address, now, limit)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	out, err := tx.chatsRows(channel, chats, now, limit)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	if len(out) == limit {
		return out, nil
	}
	// The rest, in the order queued. The urgent chats' rows up to their
	// last urgent one are all listed (out is not full), so what follows
	// of them comes after.
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

// dueNow keeps the rows of outbox o that may be sent at ?2: due and not
// expired.
const dueNow = `o.status = 'pending' AND o.next_attempt_at <= ?2 AND (o.expires_at IS NULL OR o.expires_at > ?2)`

// notHeld keeps the rows of outbox o of a chat neither unreachable nor
// waiting for the retry of one of its rows.
const notHeld = `NOT EXISTS (SELECT 1 FROM sessions s WHERE s.channel = o.channel AND s.address = o.address AND s.unreachable = 1)
	AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.status = 'pending' AND e.channel = o.channel AND e.address = o.address
		AND e.attempts > 0 AND e.next_attempt_at > ?2 AND (e.expires_at IS NULL OR e.expires_at > ?2))`

// urgentChat is a chat with a due row of an urgent kind, and the last
// such row seen.
type urgentChat struct {
	Address string `json:"a"`
	Upto    int64  `json:"u"`
}

// urgentChats returns, in order, up to limit chats with a due row of an
// urgent kind: those with a reply first, then a notice, then a reminder,
// each kind's in the order its rows became due (outbox_due); each with
// its last urgent row among those read.
func (tx *queries) urgentChats(channel, address string, now time.Time, limit int) ([]urgentChat, error) {
	filter, args := "", []any{channel, ms(now), limit, ""}
	if address != "" {
		filter, args = ` AND o.address = ?5`, append(args, address)
	}
	var chats []urgentChat
	index := map[string]int{}
	for _, k := range urgentKinds() {
		args[3] = string(k)
		rows, err := tx.query(`SELECT o.address, o.id FROM outbox o
			WHERE o.channel = ?1 AND o.kind = ?4 AND `+dueNow+filter+` AND `+notHeld+`
			ORDER BY o.next_attempt_at LIMIT ?3`, args...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		for rows.Next() {
			var c urgentChat
			if err := rows.Scan(&c.Address, &c.Upto); err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if i, ok := index[c.Address]; ok {
				chats[i].Upto = max(chats[i].Upto, c.Upto)
			} else if len(chats) < limit {
				index[c.Address] = len(chats)
				chats = append(chats, c)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	return chats, nil
}

// chatsRows lists, chat after chat, the due rows of the chats up to each
// one's Upto, in order, up to limit rows.
func (tx *queries) chatsRows(channel string, chats []urgentChat, now time.Time, limit int) ([]OutboxMessage, error) {
	if len(chats) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(chats)
	if err != nil {
		return nil, err
	}
	return tx.scanDue(channel, `SELECT `+dueColumns+`
		FROM json_each(?3) c CROSS JOIN outbox o
			ON o.channel = ?1 AND o.address = c.value ->> 'a' AND o.id <= c.value ->> 'u'
		WHERE `+dueNow+`
		ORDER BY c.key, o.id LIMIT ?4`, channel, ms(now), string(list), limit)
}

// dueRows lists, in order, up to limit due rows of any kind.
func (tx *queries) dueRows(channel, address string, now time.Time, limit int) ([]OutboxMessage, error) {
	filter, args := "", []any{channel, ms(now), limit}
	if address != "" {
		filter, args = ` AND o.address = ?4`, append(args, address)
	}
	return tx.scanDue(channel, `SELECT `+dueColumns+` FROM outbox o
		WHERE o.channel = ?1 AND `+dueNow+filter+` AND `+notHeld+`
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
