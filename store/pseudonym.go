package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// Pseudonyms turns chat addresses into stable pseudonyms for logs. A
// WhatsApp address holds a phone number, and Indonesia's mobile numbers
// are few enough to try them all against a plain hash in seconds, so the
// pseudonym is a keyed hash (HMAC-SHA-256): without the key it reveals
// nothing, and the key never leaves the machine.
type Pseudonyms struct {
	key []byte
}

// NewPseudonyms makes pseudonyms with key; a nil key picks a random one
// (pseudonyms then change with every start).
func NewPseudonyms(key []byte) *Pseudonyms {
	if key == nil {
		key = make([]byte, 32)
		rand.Read(key)
	}
	return &Pseudonyms{key: key}
}

// Of is the chat's pseudonym: its channel and 12 hex digits.
func (p *Pseudonyms) Of(c ChatKey) string {
	mac := hmac.New(sha256.New, p.key)
	mac.Write([]byte(c.Channel))
	mac.Write([]byte{0})
	mac.Write([]byte(c.Address))
	return c.Channel + ":" + hex.EncodeToString(mac.Sum(nil)[:6])
}

// KeyPath is the file beside a database that keeps its pseudonym key.
func KeyPath(dbPath string) string { return dbPath + ".key" }
