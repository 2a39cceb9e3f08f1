package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// loadKey reads the key (what: "pseudonym key", "NIK key") kept at
// path, creating it (mode 0600) on first start, so that it stays the same
// across restarts: a chat keeps its pseudonym, a sealed NIK opens.
func loadKey(path, what string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err == nil {
		key = bytes.TrimSpace(key)
		if len(key) < 32 {
			return nil, fmt.Errorf("store: %s %s is too short: delete it to make a new one", what, path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: read %s: %w", what, err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	key = []byte(hex.EncodeToString(raw))
	// Written whole to a temporary file, then linked into place: a process
	// starting at the same moment reads either no key or the whole key,
	// and the first link wins.
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".new-*")
	if err != nil {
		return nil, fmt.Errorf("store: create %s: %w", what, err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(append(key, '\n'))
	if err := errors.Join(werr, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return nil, fmt.Errorf("store: write %s: %w", what, err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return loadKey(path, what) // another process made it first
	} else if err != nil {
		return nil, fmt.Errorf("store: create %s: %w", what, err)
	}
	return key, nil
}
