package store

import (
	"fmt"
	"time"
)

// LinkContact links one more chat to an owner, as a second channel of the
// same owner would be (no flow does it yet).
func (tx *Tx) LinkContact(ownerID int64, chat ChatKey, now time.Time) error {
	if _, err := tx.exec(`INSERT INTO contacts (channel, address, owner_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
		chat.Channel, chat.Address, ownerID, ms(now), ms(now)); err != nil {
		return fmt.Errorf("link contact: %w", err)
	}
	return nil
}
