package store

import "fmt"

// ChatHasWritten reports whether the chat ever wrote to the office: it has
// a conversation session, or a message of it was received recently, or
// it just erased its data (nothing of it is kept but the reply to its
// request, a message to forget once sent). Channels where writing first
// matters (WhatsApp bans numbers that message strangers) check it before
// sending.
func (tx *queries) ChatHasWritten(chat ChatKey) (bool, error) {
	row, err := tx.queryRow(`SELECT
		EXISTS (SELECT 1 FROM sessions WHERE channel = ? AND address = ?) +
		EXISTS (SELECT 1 FROM inbound WHERE channel = ? AND address = ?) +
		EXISTS (SELECT 1 FROM outbox WHERE channel = ? AND address = ? AND status = 'pending' AND forget_on_send = 1)`,
		chat.Channel, chat.Address, chat.Channel, chat.Address, chat.Channel, chat.Address)
	if err != nil {
		return false, fmt.Errorf("chat has written: %w", err)
	}
	var n int
	if err := row.Scan(&n); err != nil {
		return false, fmt.Errorf("chat has written: %w", err)
	}
	return n > 0, nil
}
