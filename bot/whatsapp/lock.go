package whatsapp

import (
	"errors"
	"fmt"
)

// ErrLocked is returned when another process holds the session's lock.
var ErrLocked = errors.New("whatsapp: the session is in use by another sobat-ikm process")

// LockPath is the lock file of a device store.
func LockPath(storePath string) string { return storePath + ".lock" }

// Lock is an exclusive lock on a device store, held while the channel or a
// link/unlink command runs: two processes on one session make WhatsApp
// drop one of them (StreamReplaced) and risk corrupting the keys.
type Lock struct {
	path    string
	release func() error
}

// AcquireLock takes the lock of the device store at storePath, or fails at
// once with an error wrapping ErrLocked.
func AcquireLock(storePath string) (*Lock, error) {
	path := LockPath(storePath)
	release, err := lockFile(path)
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%w (lock file %s): stop the other one first", ErrLocked, path)
	}
	if err != nil {
		return nil, fmt.Errorf("whatsapp: lock %s: %w", path, err)
	}
	return &Lock{path: path, release: release}, nil
}

// Release gives the lock up. It is safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.release == nil {
		return nil
	}
	f := l.release
	l.release = nil
	return f()
}
