package telegram

import (
	"sync"
	"time"
)

// logEvery lets a repeated log line through once per interval, counting
// the ones it held back, so that a flood (a client hammering the webhook,
// a Bot API down for hours) cannot fill the disk with logs.
type logEvery struct {
	every time.Duration

	mu      sync.Mutex
	last    time.Time
	dropped int
}

func newLogEvery(every time.Duration) *logEvery { return &logEvery{every: every} }

// allow reports whether to log now and, if so, how many occurrences that
// includes (this one and those held back since the last line).
func (l *logEvery) allow() (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if !l.last.IsZero() && now.Sub(l.last) < l.every {
		l.dropped++
		return 0, false
	}
	n := l.dropped + 1
	l.last, l.dropped = now, 0
	return n, true
}
