package store

import (
	"fmt"
	"time"
)

// Contact is one chat an owner reaches the office from.
type Contact struct {
	Chat      ChatKey
	OwnerID   int64
	CreatedAt time.Time // when the chat was linked to the owner
	// LastSeenAt is when the chat last wrote to the office: set when it
	// is linked, then by every new inbound message (RecordInbound).
	LastSeenAt time.Time
}

// CreateContact links one more chat to an owner (the owner's second
// channel); a chat already linked is an error. The chat counts as having
// written at now.
func (tx *Tx) CreateContact(ownerID int64, chat ChatKey, now time.Time) error {
	tx.forgetOwnerOf(chat)
	if _, err := tx.exec(createContactSQL, chat.Channel, chat.Address, ownerID, ms(now), ms(now)); err != nil {
		return fmt.Errorf("create contact: %w", err)
	}
	return nil
}

const createContactSQL = `INSERT INTO contacts (channel, address, owner_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`

// FindContactsByOwner returns the owner's chats, the one that wrote last
// first: that is where a notice to the owner goes.
func (tx *queries) FindContactsByOwner(ownerID int64) ([]Contact, error) {
	rows, err := tx.query(`SELECT channel, address, created_at, last_seen_at FROM contacts
		WHERE owner_id = ? ORDER BY last_seen_at DESC, created_at DESC, channel, address`, ownerID)
	if err != nil {
		return nil, fmt.Errorf("find contacts of owner %d: %w", ownerID, err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		c := Contact{OwnerID: ownerID}
		var created, seen int64
		if err := rows.Scan(&c.Chat.Channel, &c.Chat.Address, &created, &seen); err != nil {
			return nil, fmt.Errorf("find contacts of owner %d: %w", ownerID, err)
		}
		c.CreatedAt, c.LastSeenAt = fromMS(created), fromMS(seen)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find contacts of owner %d: %w", ownerID, err)
	}
	return out, nil
}

// touchContact records that the chat wrote at at, if it belongs to an
// owner. A clock set back never moves it backwards.
func (tx *Tx) touchContact(chat ChatKey, at time.Time) error {
	if o, ok := tx.cachedOwner(chat); ok && o.ID == 0 {
		return nil // the writer knows the chat has no owner, so no contact: nothing to touch
	}
	if _, err := tx.exec(touchContactSQL, ms(at), chat.Channel, chat.Address, ms(at)); err != nil {
		return fmt.Errorf("touch contact: %w", err)
	}
	return nil
}

// touchContactSQL is touchContact's statement: a contact's last use is not
// part of a cached owner.
const touchContactSQL = `UPDATE contacts SET last_seen_at = ? WHERE channel = ? AND address = ? AND last_seen_at < ?`
