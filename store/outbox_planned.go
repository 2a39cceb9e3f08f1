package store

import "fmt"

// PlannedOutbox lists the pending messages of a kind on every channel
// ("" for every kind), the soonest due first: what is about to be sent,
// reminders included however far ahead. For operators and tests, not
// the sender.
func (q *queries) PlannedOutbox(kind Kind, limit int) ([]OutboxMessage, error) {
	var out []OutboxMessage
	for _, ch := range []string{"telegram", "whatsapp", "console"} {
		rows, err := q.scanDue(ch, limit, Skip{}, `SELECT `+dueColumns+` FROM outbox o
			WHERE o.channel = ?1 AND o.status = 'pending' AND (?2 = '' OR o.kind = ?2)
			ORDER BY o.next_attempt_at, o.id LIMIT ?3`, ch, string(kind), limit)
		if err != nil {
			return nil, fmt.Errorf("planned outbox: %w", err)
		}
		out = append(out, rows...)
	}
	return out, nil
}
