package bot

import (
	"math/rand/v2"
	"sync"
	"time"

	"sobat-ikm/store"
)

// Limits paces a channel's sending. Zero values mean no limit.
type Limits struct {
	// Global is the channel's sustained rate in messages per second, with
	// bursts of up to GlobalBurst messages (at least 1).
	Global      float64
	GlobalBurst int
	// PerChat is each chat's sustained rate in messages per second, with
	// bursts of up to PerChatBurst messages (at least 1).
	PerChat      float64
	PerChatBurst int
	// Jitter adds a random wait of up to this much before each message.
	Jitter time.Duration
}

// gcra paces one stream of messages by the generic cell rate algorithm:
// one message every 1/rate on average, with up to burst messages at once.
// The caller holds the limiter's lock.
type gcra struct {
	tat time.Time // theoretical arrival time of the next message
}

// earliest is the first time at or after t that a message may go.
func (g *gcra) earliest(t time.Time, rate float64, burst int) time.Time {
	if rate <= 0 || g.tat.IsZero() {
		return t
	}
	tolerance := time.Duration(float64(max(burst, 1)-1) / rate * float64(time.Second))
	if at := g.tat.Add(-tolerance); at.After(t) {
		return at
	}
	return t
}

// book records a message sent at t.
func (g *gcra) book(t time.Time, rate float64) {
	if rate <= 0 {
		return
	}
	if g.tat.Before(t) {
		g.tat = t
	}
	g.tat = g.tat.Add(time.Duration(float64(time.Second) / rate))
}

// limiter applies Limits to one route.
type limiter struct {
	lim    Limits
	mu     sync.Mutex
	global gcra
	chats  map[store.ChatKey]*gcra
}

func newLimiter(l Limits) *limiter { return &limiter{lim: l, chats: map[store.ChatKey]*gcra{}} }

// reserve books the next message of chat at the first moment both the
// chat's and the channel's pace allow, and returns how long from now the
// caller must wait before sending it, and true. Nothing is booked, and it
// returns the wait and false, when the chat itself must wait (booking the
// channel's slot that far ahead would hold every other chat back) or the
// channel's pace would make it wait longer than maxWait: the caller comes
// back later. Jitter is added to the wait after that decision.
func (l *limiter) reserve(chat store.ChatKey, now time.Time, maxWait time.Duration) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at := now
	var c *gcra
	if l.lim.PerChat > 0 {
		c = l.chats[chat]
		if c == nil {
			c = &gcra{}
			l.chats[chat] = c
		}
		at = c.earliest(at, l.lim.PerChat, l.lim.PerChatBurst)
		if at.After(now) {
			return at.Sub(now), false
		}
	}
	at = l.global.earliest(at, l.lim.Global, l.lim.GlobalBurst)
	if at.Sub(now) > maxWait {
		return at.Sub(now), false
	}
	if l.lim.Jitter > 0 { // on top of the pace, never a reason to come back later
		at = at.Add(rand.N(l.lim.Jitter))
	}
	if c != nil {
		c.book(at, l.lim.PerChat)
	}
	l.global.book(at, l.lim.Global)
	return at.Sub(now), true
}

// forget drops the buckets of chats idle long enough to be full again, so
// the map does not grow with every chat ever served.
func (l *limiter) forget(now time.Time) {
	if l.lim.PerChat <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, c := range l.chats {
		if !c.tat.After(now) { // idle long enough: a new stream
			delete(l.chats, k)
		}
	}
}
