package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
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
	return tx.DueOutboxExcept(channel, address, now, limit, Skip{})
}

// Skip tells DueOutboxExcept which rows the caller has in hand already
// (a row being sent, or sent and not yet recorded; a chat being sent to).
//
// IDs are left out by the query itself, before their rows are read; Row
// is asked of each row read, before it is decoded. Either may be empty.
type Skip struct {
	IDs []int64
	Row func(id int64, address string) bool
	// Kinds are left out whole (quiet hours: reminders and broadcasts),
	// save a row listed with a chat's reply before it, in order.
	Kinds []Kind
	// Undecoded: the rows' replies are left as read, for the caller to
	// decode those it uses (OutboxMessage.DecodeReply); the sender reads
	// more rows than it sends at once.
	Undecoded bool
}

// row reports whether the row read is left out: the query of replies
// alone leaves IDs out itself, the others read them and drop them here.
func (s Skip) row(id int64, address string) bool {
	return slices.Contains(s.IDs, id) || (s.Row != nil && s.Row(id, address))
}

// DueOutboxExcept is DueOutbox without the rows skip names, which do not
// count toward limit and are never decoded: the sender's look while many
// of its rows are in flight reads on to the rows it can use.
func (tx *queries) DueOutboxExcept(channel, address string, now time.Time, limit int, skip Skip) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	others, err := tx.othersDue(channel, now, skip.Kinds)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	if !others {
		// Only replies are due (the usual case): in the order queued,
		// one look.
		out, err := tx.dueRows(channel, address, now, limit, skip)
		if err != nil {
			return nil, fmt.Errorf("due outbox: %w", err)
		}
		return out, nil
	}
	chats, err := tx.urgentChats(channel, address, now, limit, skip)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	out, err := tx.chatsRows(channel, chats, now, limit, skip)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	if len(out) == limit {
		return out, nil
	}
	// The rest, in the order queued. The urgent chats' rows up to their
	// last urgent one are all listed (out is not full), so what follows
	// of them comes after.
	rest, err := tx.dueRows(channel, address, now, limit, skip)
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

// othersDue reports whether a row of another kind than a reply, and not
// left out, is due on the channel: a probe of the first entry of
// outbox_due per kind.
func (tx *queries) othersDue(channel string, now time.Time, leftOut []Kind) (bool, error) {
	var probes []string
	for _, k := range []Kind{KindNotice, KindReminder, KindBroadcast} {
		if !slices.Contains(leftOut, k) {
			probes = append(probes, `EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND channel = ?1 AND kind = '`+string(k)+`' AND next_attempt_at <= ?2)`)
		}
	}
	if len(probes) == 0 {
		return false, nil
	}
	row, err := tx.queryRow(`SELECT `+strings.Join(probes, " OR "), channel, ms(now))
	if err != nil {
		return false, err
	}
	var any bool
	if err := row.Scan(&any); err != nil {
		return false, err
	}
	return any, nil
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
func (tx *queries) urgentChats(channel, address string, now time.Time, limit int, skip Skip) ([]urgentChat, error) {
	filter, args := "", []any{channel, ms(now), sqlLimit(limit, skip), ""}
	if address != "" {
		filter, args = ` AND o.address = ?5`, append(args, address)
	}
	var chats []urgentChat
	index := map[string]int{}
	for _, k := range urgentKinds() {
		if slices.Contains(skip.Kinds, k) {
			continue
		}
		args[3] = string(k)
		rows, err := tx.query(`SELECT o.address, o.id FROM outbox o
			WHERE o.channel = ?1 AND o.kind = ?4 AND `+dueNow+filter+` AND `+notHeld+`
			ORDER BY o.next_attempt_at LIMIT ?3`, args...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		for read := 0; read < limit && rows.Next(); {
			var c urgentChat
			if err := rows.Scan(&c.Address, &c.Upto); err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if skip.row(c.Upto, c.Address) {
				continue // (in hand rows do not count toward limit)
			}
			read++
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
func (tx *queries) chatsRows(channel string, chats []urgentChat, now time.Time, limit int, skip Skip) ([]OutboxMessage, error) {
	if len(chats) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(chats)
	if err != nil {
		return nil, err
	}
	return tx.scanDue(channel, limit, skip, `SELECT `+dueColumns+`
		FROM json_each(?3) c CROSS JOIN outbox o
			ON o.channel = ?1 AND o.address = c.value ->> 'a' AND o.id <= c.value ->> 'u'
		WHERE `+dueNow+`
		ORDER BY c.key, o.id LIMIT ?4`, channel, ms(now), string(list), sqlLimit(limit, skip))
}

// dueRows lists, in order, up to limit due rows of any kind.
func (tx *queries) dueRows(channel, address string, now time.Time, limit int, skip Skip) ([]OutboxMessage, error) {
	filter, args := "", []any{channel, ms(now), sqlLimit(limit, skip)}
	if address != "" {
		filter, args = ` AND o.address = ?4`, append(args, address)
	}
	for _, k := range skip.Kinds {
		if k.valid() { // (one of the constants: never input)
			filter += ` AND o.kind <> '` + string(k) + `'`
		}
	}
	if len(skip.IDs) > 0 {
		// Before notHeld, so that a row in hand costs an index step only.
		list, err := json.Marshal(skip.IDs)
		if err != nil {
			return nil, err
		}
		filter += fmt.Sprintf(` AND o.id NOT IN (SELECT value FROM json_each(?%d))`, len(args)+1)
		args = append(args, string(list))
	}
	return tx.scanDue(channel, limit, skip, `SELECT `+dueColumns+` FROM outbox o
		WHERE o.channel = ?1 AND `+dueNow+filter+` AND `+notHeld+`
		ORDER BY o.id LIMIT ?3`, args...)
}

// sqlLimit is the LIMIT of a due query: none when rows are skipped, since
// the skipped ones do not count (scanDue stops at limit; the queries
// read an index in order, so stopping early reads no more).
func sqlLimit(limit int, skip Skip) int {
	if skip.Row != nil || len(skip.IDs) > 0 {
		return -1
	}
	return limit
}

// scanDue runs a query of dueColumns and reads up to limit of its rows
// that skip does not name, decoding only those.
func (tx *queries) scanDue(channel string, limit int, skip Skip, q string, args ...any) ([]OutboxMessage, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxMessage
	// One set of scan destinations for all rows (each row's own would be
	// allocated, rows skipped too).
	var (
		m           OutboxMessage
		body        sql.RawBytes // valid until Next: decoded only when kept
		kind        sql.RawBytes // one of the kinds (kindOf: no string made)
		nb, created int64
		expires     sql.NullInt64
	)
	dest := []any{&m.ID, &m.Chat.Address, &kind, &m.OwnerID, &body, &m.DedupeKey, &nb, &expires, &m.Attempts, &created}
	for len(out) < limit && rows.Next() {
		m = OutboxMessage{Chat: ChatKey{Channel: channel}}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if skip.row(m.ID, m.Chat.Address) {
			continue
		}
		m.Kind = kindOf(kind)
		if skip.Undecoded {
			m.body = string(body)
		} else if err := decodeReply(string(body), &m.Reply); err != nil {
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

// kindOf is the Kind a row's kind column holds, without allocating for
// the four there are (the table's CHECK admits no other).
func kindOf(b []byte) Kind {
	for _, k := range [...]Kind{KindReply, KindNotice, KindReminder, KindBroadcast} {
		if string(b) == string(k) {
			return k
		}
	}
	return Kind(b)
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
