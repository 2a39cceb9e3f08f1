package whatsapp

import (
	"fmt"
	"time"

	"sobat-ikm/store"
)

// LockPath is the lock file of a device store.
func LockPath(storePath string) string { return storePath + ".lock" }

// AcquireLock takes the lock of the device store at storePath, held while
// the channel or a link/unlink command runs: two processes on one session
// make WhatsApp drop one of them (StreamReplaced) and risk corrupting the
// keys. task says what the holder does ("serving WhatsApp"). When another
// process holds it, it fails at once with an error wrapping a
// *store.LockedError (errors.Is store.ErrLocked) that names that process.
func AcquireLock(storePath, task string) (*store.Lock, error) {
	l, err := store.AcquireLock(LockPath(storePath), task, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("whatsapp: the session in %s is in use: %w; stop that process first", storePath, err)
	}
	return l, nil
}
