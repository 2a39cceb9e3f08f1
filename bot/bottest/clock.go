// Package bottest helps test the bot and its channels, the way
// net/http/httptest helps test HTTP code. It is imported by tests only.
package bottest

import (
	"context"
	"sync"
	"time"
)

// Clock is a frozen clock that tests move by hand. Its Sleep advances it
// instead of waiting, for bot.SenderConfig.Sleep.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at 2026-11-23 01:00 UTC (09:00 WITA).
func NewClock() *Clock { return &Clock{t: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Sleep advances the clock by d at once.
func (c *Clock) Sleep(_ context.Context, d time.Duration) { c.Advance(d) }
