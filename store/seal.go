package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
)

// DataKeyPath is the file beside a database that keeps the key sealing
// NIKs, when SOBAT_DATA_KEY does not give one (UseDataKey).
func DataKeyPath(dbPath string) string { return dbPath + ".datakey" }

// ErrDataKeyLost: the NIK key does not open the NIKs sealed in this
// database (its key file was lost or replaced). Only the NIKs are lost.
var ErrDataKeyLost = errors.New("store: the NIK key does not open this database's NIKs")

// sealer seals NIKs at rest with AES-256-GCM, under a key kept outside
// the database: a copy of the database file alone reveals no NIK.
type sealer struct {
	mu   sync.Mutex
	aead cipher.AEAD // nil until first use
	path string      // the key file, when no key was given
	err  error       // loading the key failed
}

// UseDataKey seals with a key given by the operator (SOBAT_DATA_KEY, at
// least 32 bytes of secret), instead of the key file beside the database.
func (db *DB) UseDataKey(key []byte) error {
	if len(key) < 32 {
		return errors.New("store: the NIK key must be at least 32 bytes")
	}
	aead, err := newAEAD(key)
	if err != nil {
		return err
	}
	db.seal.mu.Lock()
	defer db.seal.mu.Unlock()
	db.seal.aead, db.seal.err = aead, nil
	return nil
}

// newAEAD makes AES-256-GCM under the SHA-256 of key.
func newAEAD(key []byte) (cipher.AEAD, error) {
	k := sha256.Sum256(key)
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, fmt.Errorf("store: NIK key: %w", err)
	}
	return cipher.NewGCM(block)
}

// aead returns the cipher, loading (or on first start creating) the key
// file.
func (s *sealer) get() (cipher.AEAD, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aead == nil && s.err == nil {
		key, err := loadKey(s.path, "NIK key")
		if err == nil {
			s.aead, err = newAEAD(key)
		}
		s.err = err
	}
	return s.aead, s.err
}

// sealNIK seals a NIK; "" stays nil (no NIK).
func (db *DB) sealNIK(nik string) ([]byte, error) {
	if nik == "" {
		return nil, nil
	}
	aead, err := db.seal.get()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(nik)+aead.Overhead())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, []byte(nik), []byte("nik")), nil
}

// openNIK opens a sealed NIK; nil is "". A NIK sealed under another key
// gives ErrDataKeyLost.
func (db *DB) openNIK(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	aead, err := db.seal.get()
	if err != nil {
		return "", err
	}
	if len(sealed) < aead.NonceSize() {
		return "", ErrDataKeyLost
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte("nik"))
	if err != nil {
		return "", ErrDataKeyLost
	}
	return string(plain), nil
}
