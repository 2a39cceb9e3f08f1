package bot

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"sobat-ikm/store"
)

// Backoff while the database cannot be written: the first retry comes
// quickly (a lock held for a moment), later ones every few seconds, so
// that held messages are answered soon after the operator's repair.
const (
	faultFirstWait = 200 * time.Millisecond
	faultMaxWait   = 5 * time.Second
	// faultReminder is how often a still-failing database is logged again.
	faultReminder = 10 * time.Minute
)

// faultWait is the wait before retry n (0-based) of a held message.
func faultWait(n int) time.Duration {
	return min(faultFirstWait<<min(n, 8), faultMaxWait)
}

// storeHealth tracks whether the database can be written, so that an
// outage is logged once, clearly, when it starts (with what to do), then
// as a reminder now and then, and once more when it ends; and so that the
// writer connection is reopened at most once per wait, however many
// chats are retrying.
type storeHealth struct {
	db   *store.DB
	log  *slog.Logger
	what string // what waits while the database fails: "messages", "replies"

	down atomic.Bool // failing, read without the lock on every write

	mu        sync.Mutex
	failing   bool
	since     time.Time
	reminded  time.Time
	reopened  time.Time
	heldTotal int
}

func newStoreHealth(db *store.DB, log *slog.Logger, what string) *storeHealth {
	return &storeHealth{db: db, log: log, what: what}
}

// failed records a write that failed with fault; held says whether the
// work is kept to be tried again.
func (h *storeHealth) failed(ctx context.Context, fault *store.Fault, err error, held bool) {
	now := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	if held {
		h.heldTotal++
	}
	switch {
	case !h.failing:
		h.failing, h.since, h.reminded = true, now, now
		h.down.Store(true)
		effect := h.what + " are held (not confirmed to the platforms) and will be handled once it can be written"
		if !held {
			effect = h.what + " cannot be saved"
		}
		h.log.Error("the database cannot be written: "+fault.Problem+"; "+effect+"; to fix: "+fault.Remedy,
			"err", maskNumbers(err.Error()))
	case now.Sub(h.reminded) >= faultReminder:
		h.reminded = now
		h.log.Error("the database still cannot be written: "+fault.Problem+"; to fix: "+fault.Remedy,
			"since", h.since.Format(time.RFC3339), "held", h.heldTotal, "err", maskNumbers(err.Error()))
	}
	if fault.Reopen && now.Sub(h.reopened) >= faultFirstWait {
		h.reopened = now
		if rerr := h.db.Reopen(ctx); rerr != nil {
			h.log.Debug("reopening the database failed", "err", maskNumbers(rerr.Error()))
		}
	}
}

// ok records a write that succeeded, ending an outage.
func (h *storeHealth) ok() {
	if !h.down.Load() {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.failing {
		return
	}
	h.log.Info("the database can be written again; held "+h.what+" are being answered",
		"outage", time.Since(h.since).Round(time.Millisecond).String(), "retries", h.heldTotal)
	h.failing, h.heldTotal = false, 0
	h.down.Store(false)
}
