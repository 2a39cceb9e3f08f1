package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// loadKey reads the pseudonym key kept at path, creating it (mode 0600)
// on first start, so that a chat keeps its pseudonym across restarts.
func loadKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err == nil {
		key = bytes.TrimSpace(key)
		if len(key) < 32 {
			return nil, fmt.Errorf("store: pseudonym key %s is too short: delete it to make a new one", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: read pseudonym key: %w", err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	key = []byte(hex.EncodeToString(raw))
	// Written whole to a temporary file, then linked into place: a process
	// starting at the same moment reads either no key or the whole key,
	// and the first link wins.
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".new-*")
	if err != nil {
		return nil, fmt.Errorf("store: create pseudonym key: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(append(key, '\n'))
	if err := errors.Join(werr, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return nil, fmt.Errorf("store: write pseudonym key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return loadKey(path) // another process made it first
	} else if err != nil {
		return nil, fmt.Errorf("store: create pseudonym key: %w", err)
	}
	return key, nil
}
