package store

import (
	"context"
	"fmt"
)

// countQuery is the query that counts a table's rows, or "" if unknown.
func countQuery(table string) string {
	switch table {
	case "owners", "contacts", "sessions", "inbound", "outbox", "audit_log", "applications", "application_events", "trainings", "enrollments", "broadcasts", "broadcast_recipients", "tickets", "ticket_messages":
		return "SELECT COUNT(*) FROM " + table
	case "pending", "expired":
		return "SELECT COUNT(*) FROM outbox WHERE status = '" + table + "'"
	}
	return ""
}

// Count returns how many rows a table holds ("pending" counts outbox rows
// not yet sent, "expired" those ExpireOutbox marked). It serves tests and health checks.
func (tx *queries) Count(table string) (int, error) {
	q := countQuery(table)
	if q == "" {
		return 0, fmt.Errorf("count: unknown table %q", table)
	}
	n, err := tx.count(q)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// chatCountQuery is the query that counts a table's rows of one chat, or
// "" if unknown.
func chatCountQuery(table string) string {
	switch table {
	case "contacts", "sessions", "inbound", "outbox":
		return "SELECT COUNT(*) FROM " + table + " WHERE channel = ? AND address = ?"
	}
	return ""
}

// CountChat returns how many rows of a table (contacts, sessions, inbound
// or outbox) belong to the chat. It serves tests and health checks.
func (tx *queries) CountChat(table string, chat ChatKey) (int, error) {
	q := chatCountQuery(table)
	if q == "" {
		return 0, fmt.Errorf("count chat: unknown table %q", table)
	}
	n, err := tx.count(q, chat.Channel, chat.Address)
	if err != nil {
		return 0, fmt.Errorf("count chat %s: %w", table, err)
	}
	return n, nil
}

func (tx *queries) count(q string, args ...any) (int, error) {
	row, err := tx.queryRow(q, args...)
	if err != nil {
		return 0, err
	}
	var n int
	err = row.Scan(&n)
	return n, err
}

// Count is ReadTx.Count in a View of its own.
func (db *DB) Count(ctx context.Context, table string) (n int, err error) {
	err = db.View(ctx, func(tx *ReadTx) error {
		n, err = tx.Count(table)
		return err
	})
	return n, err
}

// CountChat is ReadTx.CountChat in a View of its own.
func (db *DB) CountChat(ctx context.Context, table string, chat ChatKey) (n int, err error) {
	err = db.View(ctx, func(tx *ReadTx) error {
		n, err = tx.CountChat(table, chat)
		return err
	})
	return n, err
}
