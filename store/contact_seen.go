package store

import (
	"context"
	"fmt"
)

// ChatHasWritten reports whether the chat ever wrote to the office: it has
// a conversation session, or a message of it was received recently (an
// owner who just erased their data has no session, but their request was
// recorded). Channels where writing first matters (WhatsApp bans numbers
// that message strangers) check it before sending.
func (db *DB) ChatHasWritten(ctx context.Context, chat ChatKey) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM sessions WHERE channel = ? AND address = ?) +
		EXISTS (SELECT 1 FROM inbound WHERE channel = ? AND address = ?)`,
		chat.Channel, chat.Address, chat.Channel, chat.Address).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("chat has written: %w", err)
	}
	return n > 0, nil
}
