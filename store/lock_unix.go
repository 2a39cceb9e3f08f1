//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on path and writes holder into the
// file. The kernel drops the lock when the process ends, so a crash
// leaves no stale lock; the file itself stays (removing it would let a
// third process lock a new file while the second still holds the old).
func lockFile(path string, holder []byte) (func() error, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("flock: %w", err)
	}
	if err := writeHolder(f, holder); err != nil {
		f.Close() // closing drops the flock
		return nil, err
	}
	return func() error {
		uerr := syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return errors.Join(uerr, f.Close())
	}, nil
}

// writeHolder replaces the file's text with holder.
func writeHolder(f *os.File, holder []byte) error {
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("write holder: %w", err)
	}
	if _, err := f.WriteAt(holder, 0); err != nil {
		return fmt.Errorf("write holder: %w", err)
	}
	return nil
}

// staleLockHint adds nothing: an flock never outlives its process.
func staleLockHint(string) string { return "" }
