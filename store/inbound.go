package store

import (
	"fmt"
	"time"
)

// RecordInbound notes that the chat's message id is being processed. It
// returns false when the id was seen before: a duplicate delivery. For a
// new message of an owner's chat it also records when the chat last
// wrote (Contact.LastSeenAt), which is where notices go.
func (tx *Tx) RecordInbound(chat ChatKey, messageID string, at time.Time) (bool, error) {
	res, err := tx.exec(`INSERT INTO inbound (channel, address, message_id, received_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, chat.Channel, chat.Address, messageID, ms(at))
	if err != nil {
		return false, fmt.Errorf("record inbound: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record inbound: %w", err)
	}
	if n == 0 {
		return false, nil
	}
	if err := tx.touchContact(chat, at); err != nil {
		return false, fmt.Errorf("record inbound: %w", err)
	}
	return true, nil
}
