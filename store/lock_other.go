//go:build !unix

package store

import (
	"errors"
	"fmt"
	"os"
)

// lockFile creates path exclusively, writes holder into it, and removes
// it on release. Unlike the unix flock, a crash leaves the file behind:
// delete it by hand once no sobat-ikm runs.
func lockFile(path string, holder []byte) (func() error, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(holder); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write holder: %w", err)
	}
	return func() error {
		return errors.Join(f.Close(), os.Remove(path))
	}, nil
}

// staleLockHint says what to do when the holder no longer runs: here the
// file outlives a crashed process.
func staleLockHint(path string) string {
	return "; if that process no longer runs, delete " + path
}
