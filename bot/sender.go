package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"sobat-ikm/store"
)

// Outlet delivers one message on a channel. It returns nil once the
// platform accepted the message, or an error made with Temporary,
// Permanent or Unreachable (a plain error is treated as temporary).
type Outlet interface {
	Send(ctx context.Context, m store.OutboxMessage) error
}

// Readier is an Outlet that can say it cannot send right now (its
// connection is down); the sender then leaves its rows alone.
type Readier interface {
	Ready() bool
}

// Route says which outbox rows an Outlet delivers: those of Channel and,
// when Address is set, only that chat's (a console serves one chat).
type Route struct {
	Channel string
	Address string
	Outlet  Outlet
	// Workers is how many chats are sent to at once (default 1). A chat's
	// messages are always sent one after another, in order.
	Workers int
	// Limits paces the route (none by default).
	Limits Limits
}

// SenderConfig tunes a Sender; zero values pick defaults.
type SenderConfig struct {
	Now func() time.Time
	Log *slog.Logger
	// Batch is how many due rows are read at a time (default 256).
	Batch int
	// MaxAttempts is how often a message is tried before it is given up
	// (default 20, about a day with the default backoff).
	MaxAttempts int
	// Backoff is the wait before attempt n+1 after n failures (default
	// exponential from 1 s, capped at 10 min).
	Backoff func(attempts int) time.Duration
	// Poll is the longest wait between looks at the outbox (default 1 s);
	// Notify wakes the sender earlier.
	Poll time.Duration
	// Sleep waits for d or until ctx ends (default: a timer). Tests that
	// freeze the clock replace it.
	Sleep func(ctx context.Context, d time.Duration)
}

// Sender delivers outbox rows through the routes' outlets.
type Sender struct {
	db       *store.DB
	cfg      SenderConfig
	routes   []Route
	limiters []*limiter
	wake     chan struct{}
	mu       sync.Mutex // one Flush at a time

	paceMu sync.Mutex
	paced  time.Time // the earliest time a chat held back by its pace may go
}

// NewSender makes a sender for the routes.
func NewSender(db *store.DB, cfg SenderConfig, routes ...Route) *Sender {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 256
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 20
	}
	if cfg.Backoff == nil {
		cfg.Backoff = expBackoff
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	s := &Sender{db: db, cfg: cfg, routes: routes, wake: make(chan struct{}, 1)}
	for i := range s.routes {
		s.routes[i].Workers = max(s.routes[i].Workers, 1)
		s.limiters = append(s.limiters, newLimiter(s.routes[i].Limits))
	}
	return s
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func expBackoff(attempts int) time.Duration {
	d := time.Second << min(attempts, 10)
	return min(d, 10*time.Minute)
}

// Notify wakes the sender: new rows were queued.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers due rows until ctx ends, waking on Notify and on a timer.
func (s *Sender) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-timer.C:
		}
		if _, err := s.Flush(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("outbox flush failed", "component", "sender", "err", err)
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(s.nextWait(ctx))
	}
}

// nextWait is how long to sleep until the earliest pending row is due.
func (s *Sender) nextWait(ctx context.Context) time.Duration {
	wait := s.cfg.Poll
	now := s.cfg.Now()
	s.paceMu.Lock()
	if !s.paced.IsZero() {
		wait = min(wait, max(s.paced.Sub(now), time.Millisecond))
		s.paced = time.Time{}
	}
	s.paceMu.Unlock()
	for _, r := range s.routes {
		next, ok, err := s.db.NextDue(ctx, r.Channel, r.Address)
		if err != nil || !ok || !next.After(now) {
			continue // nothing pending, or due but held back: poll
		}
		wait = min(wait, max(next.Sub(now), 5*time.Millisecond))
	}
	return wait
}

// Flush delivers the rows due now, route by route, as fast as the routes'
// pace allows without waiting for any one chat, and returns how many were
// delivered. A chat that must wait for its own pace keeps its rows for a
// later Flush (Run comes back for them in time).
func (s *Sender) Flush(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for i, r := range s.routes {
		n, err := s.flushRoute(ctx, r, s.limiters[i])
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// chatRun is one chat's due messages, in order.
type chatRun []store.OutboxMessage

func (s *Sender) flushRoute(ctx context.Context, r Route, lim *limiter) (int, error) {
	if rd, ok := r.Outlet.(Readier); ok && !rd.Ready() {
		return 0, nil // the channel is down: its rows wait, no attempt spent
	}
	total := 0
	lim.forget(s.cfg.Now())
	for ctx.Err() == nil {
		rows, err := s.db.DueOutbox(ctx, r.Channel, r.Address, s.cfg.Now(), s.cfg.Batch)
		if err != nil || len(rows) == 0 {
			return total, err
		}
		runs := groupByChat(rows)
		var (
			mu       sync.Mutex
			sent     []int64
			progress bool
			firstErr error
		)
		work := make(chan chatRun)
		var wg sync.WaitGroup
		for range min(r.Workers, len(runs)) {
			wg.Go(func() {
				for run := range work {
					ids, moved, err := s.sendRun(ctx, r, lim, run)
					mu.Lock()
					sent = append(sent, ids...)
					progress = progress || moved
					if err != nil && firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			})
		}
		for _, run := range runs {
			work <- run
		}
		close(work)
		wg.Wait()
		if err := s.db.MarkSent(context.WithoutCancel(ctx), sent, s.cfg.Now()); err != nil {
			return total, err
		}
		total += len(sent)
		if firstErr != nil {
			return total, firstErr
		}
		if !progress {
			return total, nil
		}
	}
	return total, nil
}

// groupByChat splits rows into runs per chat, keeping each chat's order
// and the order in which chats first appear.
func groupByChat(rows []store.OutboxMessage) []chatRun {
	index := map[store.ChatKey]int{}
	var runs []chatRun
	for _, m := range rows {
		i, ok := index[m.Chat]
		if !ok {
			i = len(runs)
			index[m.Chat] = i
			runs = append(runs, nil)
		}
		runs[i] = append(runs[i], m)
	}
	return runs
}

// sendRun sends one chat's messages in order, pacing them, and stops at
// the first failure so that later messages never overtake it. When the
// chat must wait for its own pace it stops too, leaving the rest for a
// later pass, so that one busy chat never holds the others back. It
// returns the ids sent and whether any row changed state.
func (s *Sender) sendRun(ctx context.Context, r Route, lim *limiter, run chatRun) ([]int64, bool, error) {
	var sent []int64
	for _, m := range run {
		now := s.cfg.Now()
		wait, booked := lim.reserve(m.Chat, now)
		if !booked {
			s.notePaced(now.Add(wait))
			return sent, len(sent) > 0, nil
		}
		s.cfg.Sleep(ctx, wait) // the channel's pace: a short wait for a slot
		if ctx.Err() != nil {
			return sent, len(sent) > 0, nil // shutting down: the rest stays pending
		}
		err := r.Outlet.Send(ctx, m)
		if err == nil {
			sent = append(sent, m.ID)
			continue
		}
		if ctx.Err() != nil {
			return sent, len(sent) > 0, nil
		}
		return sent, true, s.failed(ctx, m, err)
	}
	return sent, len(sent) > 0, nil
}

// notePaced remembers when a chat held back by its pace may go, so that
// Run wakes up for it.
func (s *Sender) notePaced(at time.Time) {
	s.paceMu.Lock()
	if s.paced.IsZero() || at.Before(s.paced) {
		s.paced = at
	}
	s.paceMu.Unlock()
}

// failed records a failed delivery: retry later, or give up.
func (s *Sender) failed(ctx context.Context, m store.OutboxMessage, sendErr error) error {
	se := classify(sendErr)
	log := s.cfg.Log.With("component", "sender", "chat", m.Chat.Hash(), "outbox_id", m.ID, "attempt", m.Attempts+1)
	now := s.cfg.Now()
	if se.Retry && m.Attempts+1 < s.cfg.MaxAttempts {
		wait := se.After
		if wait <= 0 {
			wait = s.cfg.Backoff(m.Attempts)
		}
		log.Warn("send failed, will retry", "err", sendErr, "wait", wait)
		return s.db.MarkRetry(ctx, m.ID, now.Add(wait), sendErr.Error())
	}
	if se.Unreachable {
		log.Warn("chat unreachable: its messages wait until it writes again", "err", sendErr)
		return s.db.MarkUnreachable(ctx, m.Chat, now)
	}
	log.Error("send failed for good", "err", sendErr)
	return s.db.MarkFailed(ctx, m.ID, now, sendErr.Error())
}
