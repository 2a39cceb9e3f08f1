package main

import (
	"errors"
	"time"

	"sobat-ikm/store"
)

// channelLocks are the locks of the channels this process serves from its
// database, one lock file beside it per channel identity
// (store.ChannelLockPath): a second process serving the same Telegram bot
// or WhatsApp from the same database would send every reply twice, so it
// refuses to start. They are held until the process has delivered its
// last reply. The console takes none: console processes for different
// -chats run side by side.
type channelLocks struct {
	db   string
	now  func() time.Time
	held []*store.Lock
}

// take takes the lock of channel ("telegram-123456", "whatsapp") on the
// database; task is what the lock file says this process does. When
// another process holds it, the error is a *store.LockedError naming it.
func (l *channelLocks) take(channel, task string) error {
	lock, err := store.AcquireLock(store.ChannelLockPath(l.db, channel), task, l.now())
	if err != nil {
		return err
	}
	l.held = append(l.held, lock)
	return nil
}

// release gives every lock up.
func (l *channelLocks) release() error {
	var errs []error
	for _, lock := range l.held {
		errs = append(errs, lock.Release())
	}
	l.held = nil
	return errors.Join(errs...)
}
