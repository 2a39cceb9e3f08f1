package bot

import (
	"context"
	"errors"
	"log/slog"
	"slices"
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

// Sender delivers outbox rows through the routes' outlets. Each route
// runs on its own, so a slow channel (WhatsApp's pace) never holds a fast
// one back.
type Sender struct {
	db     *store.DB
	cfg    SenderConfig
	routes []*route
}

// route is a Route and its sending state.
type route struct {
	Route
	lim  *limiter
	wake chan struct{}
	mu   sync.Mutex // one flush of this route at a time

	paceMu sync.Mutex
	paced  time.Time // the earliest time a row held back by the pace may go
}

// maxPaceWait is the longest a worker sleeps for the channel's pace; a
// row that would wait longer is left for a later pass, so that a backlog
// never keeps a batch (and the replies behind it) open for minutes.
const maxPaceWait = time.Second

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
	s := &Sender{db: db, cfg: cfg}
	for _, r := range routes {
		r.Workers = max(r.Workers, 1)
		s.routes = append(s.routes, &route{Route: r, lim: newLimiter(r.Limits), wake: make(chan struct{}, 1)})
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

// Notify wakes the routes of the channels that have new rows queued
// (all routes when none is named), so that a reply on one channel does
// not make every other channel look at the outbox.
func (s *Sender) Notify(channels ...string) {
	for _, r := range s.routes {
		if len(channels) > 0 && !slices.Contains(channels, r.Channel) {
			continue
		}
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
}

// Run delivers due rows until ctx ends, each route on its own, waking on
// Notify and on a timer.
func (s *Sender) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, r := range s.routes {
		wg.Go(func() { s.runRoute(ctx, r) })
	}
	wg.Wait()
	return nil
}

func (s *Sender) runRoute(ctx context.Context, r *route) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-timer.C:
		}
		if _, err := s.flushRoute(ctx, r); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("outbox flush failed", "component", "sender", "channel", r.Channel, "err", err)
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(s.nextWait(ctx, r))
	}
}

// nextWait is how long the route may sleep: until a row held back by the
// pace may go, or the earliest pending row is due, or the poll interval.
func (s *Sender) nextWait(ctx context.Context, r *route) time.Duration {
	wait := s.cfg.Poll
	now := s.cfg.Now()
	r.paceMu.Lock()
	if !r.paced.IsZero() {
		wait = min(wait, max(r.paced.Sub(now), time.Millisecond))
		r.paced = time.Time{}
	}
	r.paceMu.Unlock()
	next, ok, err := s.db.NextDue(ctx, r.Channel, r.Address)
	if err == nil && ok && next.After(now) { // (due but held back: poll)
		wait = min(wait, max(next.Sub(now), 5*time.Millisecond))
	}
	return wait
}

// Flush delivers the rows due now on every route, as fast as the routes'
// pace allows without long waits, and returns how many were delivered. A
// row held back by its chat's or its channel's pace stays for a later
// Flush (Run comes back for it in time).
func (s *Sender) Flush(ctx context.Context) (int, error) {
	var (
		mu    sync.Mutex
		total int
		errs  []error
		wg    sync.WaitGroup
	)
	for _, r := range s.routes {
		wg.Go(func() {
			n, err := s.flushRoute(ctx, r)
			mu.Lock()
			total += n
			if err != nil {
				errs = append(errs, err)
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return total, errors.Join(errs...)
}

// chatRun is one chat's due messages, in order.
type chatRun []store.OutboxMessage

// markNowAfter: a chat's run that took longer than this (a network round
// trip, a paced wait) is marked sent at once, so that a crash re-sends at
// most what was in flight; quicker runs are marked together at the end of
// their batch, a few milliseconds later.
const markNowAfter = 20 * time.Millisecond

// flushRoute sends the route's due rows, batch after batch, until none
// can go now.
func (s *Sender) flushRoute(ctx context.Context, r *route) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rd, ok := r.Outlet.(Readier); ok && !rd.Ready() {
		return 0, nil // the channel is down: its rows wait, no attempt spent
	}
	total := 0
	r.lim.forget(s.cfg.Now())
	for ctx.Err() == nil {
		rows, err := s.db.DueOutbox(ctx, r.Channel, r.Address, s.cfg.Now(), s.cfg.Batch)
		if err != nil || len(rows) == 0 {
			return total, err
		}
		runs := groupByChat(rows)
		var (
			mu       sync.Mutex
			sent     int
			unmarked []int64 // sent quickly: marked together at the batch's end
			progress bool
			errs     []error
		)
		work := make(chan chatRun)
		var wg sync.WaitGroup
		for range min(r.Workers, len(runs)) {
			wg.Go(func() {
				for run := range work {
					began := time.Now()
					ids, moved, err := s.sendRun(ctx, r, run)
					marked := 0
					if len(ids) > 0 && time.Since(began) > markNowAfter {
						err = errors.Join(err, s.db.MarkSent(context.WithoutCancel(ctx), ids, s.cfg.Now()))
						ids, marked = nil, len(ids)
					}
					mu.Lock()
					sent += marked + len(ids)
					unmarked = append(unmarked, ids...)
					progress = progress || moved
					if err != nil {
						errs = append(errs, err)
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
		if err := s.db.MarkSent(context.WithoutCancel(ctx), unmarked, s.cfg.Now()); err != nil {
			errs = append(errs, err)
		}
		total += sent
		if len(errs) > 0 {
			return total, errors.Join(errs...)
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
func (s *Sender) sendRun(ctx context.Context, r *route, run chatRun) ([]int64, bool, error) {
	var sent []int64
	for _, m := range run {
		now := s.cfg.Now()
		wait, booked := r.lim.reserve(m.Chat, now, maxPaceWait)
		if !booked {
			r.notePaced(now.Add(wait))
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

// notePaced remembers when a row held back by the pace may go, so that
// Run wakes up for it.
func (r *route) notePaced(at time.Time) {
	r.paceMu.Lock()
	if r.paced.IsZero() || at.Before(r.paced) {
		r.paced = at
	}
	r.paceMu.Unlock()
}

// failed records a failed delivery: retry later, or give up.
func (s *Sender) failed(ctx context.Context, m store.OutboxMessage, sendErr error) error {
	se := classify(sendErr)
	reason := maskNumbers(sendErr.Error())
	log := s.cfg.Log.With("component", "sender", "chat", m.Chat.Hash(), "outbox_id", m.ID, "attempt", m.Attempts+1)
	now := s.cfg.Now()
	if se.Retry && m.Attempts+1 < s.cfg.MaxAttempts {
		wait := se.After
		if wait <= 0 {
			wait = s.cfg.Backoff(m.Attempts)
		}
		log.Warn("send failed, will retry", "err", reason, "wait", wait)
		return s.db.MarkRetry(ctx, m.ID, now.Add(wait), reason)
	}
	if se.Unreachable {
		log.Warn("chat unreachable: its messages wait until it writes again", "err", reason)
		return s.db.MarkUnreachable(ctx, m.Chat, now)
	}
	log.Error("send failed for good", "err", reason)
	return s.db.MarkFailed(ctx, m.ID, now, reason)
}
