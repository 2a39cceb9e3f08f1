package bot

import (
	"context"
	"errors"
	"fmt"
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
	// SendTimeout bounds one Outlet.Send (default 30 s; outlets bound
	// their own requests tighter): a request that never answers holds
	// only its own chat, and only this long.
	SendTimeout time.Duration
	// Quiet, when set, says whether t is in the quiet hours, when only
	// replies and notices go out: reminders and broadcasts wait for the
	// morning (QuietHours).
	Quiet func(t time.Time) bool
}

// QuietHours are quiet from one hour to another of the day in loc, across
// midnight (21 to 7: from 21:00 to 07:00).
func QuietHours(from, to int, loc *time.Location) func(t time.Time) bool {
	return func(t time.Time) bool {
		h := t.In(loc).Hour()
		if from > to {
			return h >= from || h < to
		}
		return h >= from && h < to
	}
}

// Sender delivers outbox rows through the routes' outlets. Each route
// runs on its own, so a slow channel (WhatsApp's pace) never holds a fast
// one back.
type Sender struct {
	db     *store.DB
	cfg    SenderConfig
	routes []*route
	health *storeHealth
}

// route is a Route and its sending state.
type route struct {
	Route
	lim  *limiter
	wake chan struct{}
	// queued is set by Notify: rows were queued from outside (a reply),
	// which a pass of old rows gives way to.
	queued chan struct{}
	mu     sync.Mutex    // one pump of this route at a time
	busy   chan struct{} // a token per worker sending a chat's run now
	runs   sync.WaitGroup
	// pause is the channel's pause as last read (ended or not), read again
	// only when this process wrote a pause since (pauseGen,
	// store.DB.PauseGeneration). Guarded by mu.
	pause      store.Pause
	pauseOn    bool
	pauseGen   int64
	pauseKnown bool

	sendMu            sync.Mutex
	sendFrom, sendCtx context.Context // uncancelable's

	paceMu sync.Mutex
	paced  time.Time // the earliest time a row held back by the pace may go

	stateMu  sync.Mutex
	inflight map[store.ChatKey]bool // chats a worker is sending to now
	// ended are the chats whose run changed rows since the pump's look
	// at the outbox began: the rows it read for them may be stale (a row
	// read as pending was sent since), so it leaves them to the next
	// look, which the run's end asks for.
	ended map[store.ChatKey]bool
	// unmarked are rows the platform accepted whose delivery is not
	// recorded yet: never sent again. The route's marker records them at
	// once, many in one write (runMarker); when the database cannot be
	// written (markFailing), nothing more is sent on the route until they
	// are.
	unmarked map[int64]bool
	// settled are rows recorded since the pump's look at the outbox
	// began: its read may predate the record, so they are left out of
	// that look too (like ended).
	settled     map[int64]bool
	markFailing bool
	marking     sync.Mutex    // held while recording deliveries
	markWake    chan struct{} // wakes the route's marker
	sent        int           // rows delivered, for Flush
	moved       int           // rows whose state changed (sent, retried, given up)
}

// maxPaceWait is the longest a worker sleeps for the channel's pace; a
// row that would wait longer is left for a later pass, so that a backlog
// never keeps a batch (and the replies behind it) open for minutes.
const maxPaceWait = time.Second

// bulkPaceWait is maxPaceWait for reminders and broadcasts: they book the
// channel's pace only a moment ahead, so that a reply queued after them
// finds a slot at once instead of behind a second of announcements.
const bulkPaceWait = 50 * time.Millisecond

// paceWait is the longest a row of kind may wait for the channel's pace.
func paceWait(kind store.Kind) time.Duration {
	if kind == store.KindBroadcast || kind == store.KindReminder {
		return bulkPaceWait
	}
	return maxPaceWait
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
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	s := &Sender{db: db, cfg: cfg, health: newStoreHealth(db, cfg.Log.With("component", "sender"), "replies")}
	for _, r := range routes {
		r.Workers = max(r.Workers, 1)
		s.routes = append(s.routes, &route{Route: r, lim: newLimiter(r.Limits), wake: make(chan struct{}, 1), queued: make(chan struct{}, 1),
			busy: make(chan struct{}, r.Workers), inflight: map[store.ChatKey]bool{}, unmarked: map[int64]bool{}, settled: map[int64]bool{}, markWake: make(chan struct{}, 1), ended: map[store.ChatKey]bool{}})
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
		case r.queued <- struct{}{}:
		default:
		}
		r.notify()
	}
}

func (r *route) notify() {
	select {
	case r.wake <- struct{}{}:
	default:
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
	stopMarker := s.startMarker(ctx, r)
	defer stopMarker()
	defer r.runs.Wait() // a send in flight is recorded before Run returns
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-timer.C:
		}
		if err := s.pump(ctx, r); err != nil && ctx.Err() == nil {
			s.logFlushError(ctx, r, err)
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		if len(r.wake) > 0 {
			timer.Reset(s.cfg.Poll) // woken already: no need to look when
		} else {
			timer.Reset(s.nextWait(ctx, r))
		}
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
	var next time.Time
	var ok bool
	err := s.db.View(ctx, func(tx *store.ReadTx) error {
		var err error
		next, ok, err = tx.NextDue(r.Channel, r.Address)
		return err
	})
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

// flushRoute pumps the route and waits for its sends, again and again
// while rows move.
func (s *Sender) flushRoute(ctx context.Context, r *route) (int, error) {
	stopMarker := s.startMarker(ctx, r)
	defer stopMarker()
	sent0 := r.counts().sent
	for ctx.Err() == nil {
		before := r.counts().moved
		err := s.pump(ctx, r)
		r.runs.Wait()
		if err != nil {
			return r.counts().sent - sent0, err
		}
		if r.counts().moved == before {
			break
		}
	}
	return r.counts().sent - sent0, nil
}

type routeCounts struct{ sent, moved int }

func (r *route) counts() routeCounts {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	return routeCounts{r.sent, r.moved}
}

// pump reads the route's due rows and hands each chat's run to a free
// worker, waiting for one only while every worker is busy. It does not
// wait for the sends: a chat whose send hangs holds its own worker and
// nothing else, and a finished run wakes the route to look again. Chats
// already being sent to are left for a later look.
func (s *Sender) pump(ctx context.Context, r *route) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rd, ok := r.Outlet.(Readier); ok && !rd.Ready() {
		return nil // the channel is down: its rows wait, no attempt spent
	}
	if r.failingMarks() && !s.recordUnmarked(ctx, r) {
		return nil // deliveries cannot be recorded: send nothing more
	}
	r.lim.forget(s.cfg.Now())
	r.stateMu.Lock()
	clear(r.ended)
	clear(r.settled)
	r.stateMu.Unlock()
	select { // (this look sees what was queued until now)
	case <-r.queued:
	default:
	}
	var rows []store.OutboxMessage
	skip := store.Skip{IDs: r.delivered(), Row: r.inHand, Undecoded: true} // decoded below, those handed out
	if s.cfg.Quiet != nil && s.cfg.Quiet(s.cfg.Now()) {
		skip.Kinds = []store.Kind{store.KindReminder, store.KindBroadcast} // they wait for the morning
	}
	err := s.db.View(ctx, func(tx *store.ReadTx) error {
		// A paused channel (WhatsApp's reach-out lock, a temporary ban)
		// sends only replies to owners who write: nothing unasked.
		if paused, err := s.paused(tx, r); err != nil {
			return err
		} else if paused {
			skip.Kinds = []store.Kind{store.KindNotice, store.KindReminder, store.KindBroadcast}
		}
		var err error
		rows, err = tx.DueOutboxExcept(r.Channel, r.Address, s.cfg.Now(), r.look(s.cfg.Batch), skip)
		return err
	})
	if err != nil {
		return err
	}
	for _, run := range groupByChat(r.withoutUnmarked(rows)) {
		if !r.claim(run[0].Chat) {
			continue
		}
		if err := decodeRun(run); err != nil {
			r.release(run[0].Chat, 0, false)
			return err
		}
		select {
		case r.busy <- struct{}{}:
		default:
			// Every worker is busy. Rows queued meanwhile (a reply) end
			// this pass: the next look lists them first, where the rest of
			// this batch would keep them waiting behind it.
			select {
			case r.busy <- struct{}{}:
			case <-r.queued:
				r.release(run[0].Chat, 0, false)
				r.notify()
				return nil
			case <-ctx.Done():
				r.release(run[0].Chat, 0, false)
				return nil
			}
		}
		r.runs.Add(1)
		go func() {
			defer r.runs.Done()
			sent, moved := s.sendRun(ctx, r, run)
			<-r.busy
			r.release(run[0].Chat, sent, moved)
			if moved {
				r.notify()
			}
		}()
	}
	return nil
}

// paused reports whether the route's channel is paused now, reading its
// pause only when this process wrote one since the last read. The
// caller holds r.mu.
func (s *Sender) paused(tx *store.ReadTx, r *route) (bool, error) {
	if gen := s.db.PauseGeneration(); !r.pauseKnown || gen != r.pauseGen {
		p, on, err := tx.PauseOf(r.Channel, time.Time{}) // (the pause as written, ended or not)
		if err != nil {
			return false, err
		}
		r.pause, r.pauseOn, r.pauseGen, r.pauseKnown = p, on, gen, true
	}
	return r.pauseOn && (r.pause.Until.IsZero() || r.pause.Until.After(s.cfg.Now())), nil
}

// uncancelable is ctx without its end, made once per route (ctx is the
// sender's own, the same at every send).
func (r *route) uncancelable(ctx context.Context) context.Context {
	r.sendMu.Lock()
	defer r.sendMu.Unlock()
	if r.sendFrom != ctx {
		r.sendFrom, r.sendCtx = ctx, context.WithoutCancel(ctx)
	}
	return r.sendCtx
}

// look is how many due rows one look at the outbox reads: Batch, or
// fewer on a route with few workers, which hand out few runs before a
// new reply ends the pass and the rest of the rows read go unused.
func (r *route) look(batch int) int {
	return min(batch, max(32, 32*r.Workers))
}

// claim marks chat as being sent to; false when it already is, or when
// its last run changed rows after the pump read them.
func (r *route) claim(chat store.ChatKey) bool {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	if r.inflight[chat] || r.ended[chat] {
		return false
	}
	r.inflight[chat] = true
	return true
}

// release ends a chat's run that delivered sent rows.
func (r *route) release(chat store.ChatKey, sent int, moved bool) {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	delete(r.inflight, chat)
	r.sent += sent
	if moved {
		r.moved++
		r.ended[chat] = true
	}
}

// inHand reports whether the pump has no use for a due row now: its chat
// is being sent to, or the row is delivered and its record not read back
// yet. claim and withoutUnmarked decide; this only spares reading it.
func (r *route) inHand(id int64, address string) bool {
	chat := store.ChatKey{Channel: r.Channel, Address: address}
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	return r.inflight[chat] || r.ended[chat] || r.unmarked[id] || r.settled[id]
}

// delivered lists the rows delivered whose record the pump may not see
// yet, for the look at the outbox to leave out.
func (r *route) delivered() []int64 {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	ids := make([]int64, 0, len(r.unmarked)+len(r.settled))
	for id := range r.unmarked {
		ids = append(ids, id)
	}
	for id := range r.settled {
		ids = append(ids, id)
	}
	return ids
}

// withoutUnmarked drops the rows already delivered whose delivery is
// not recorded yet.
func (r *route) withoutUnmarked(rows []store.OutboxMessage) []store.OutboxMessage {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	if len(r.unmarked) == 0 && len(r.settled) == 0 {
		return rows
	}
	out := rows[:0]
	for _, m := range rows {
		if !r.unmarked[m.ID] && !r.settled[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

// failingMarks reports whether the last record of deliveries failed.
func (r *route) failingMarks() bool {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	return r.markFailing
}

// recordUnmarked records the deliveries not recorded yet, waiting for the
// one recording now; it reports whether none is left. The marker calls
// it as deliveries come; a pump calls it only to try again after a record
// failed (the database could not be written), so that the look at the
// outbox never waits for a write.
func (s *Sender) recordUnmarked(ctx context.Context, r *route) bool {
	r.marking.Lock()
	defer r.marking.Unlock()
	return s.markPending(ctx, r)
}

// delivered notes that the platform accepted row id and has the route's
// marker record it at once, together with the rows delivered meanwhile,
// in one write; the worker goes on sending. It reports false when
// deliveries cannot be recorded (the database cannot be written): the
// caller stops sending.
func (s *Sender) delivered(r *route, id int64) bool {
	r.stateMu.Lock()
	r.unmarked[id] = true
	failing := r.markFailing
	r.stateMu.Unlock()
	select {
	case r.markWake <- struct{}{}:
	default:
	}
	return !failing
}

// runMarker records deliveries as they are reported until stop is
// closed, then records what is left.
func (s *Sender) runMarker(ctx context.Context, r *route, stop <-chan struct{}) {
	for {
		select {
		case <-r.markWake:
			s.recordUnmarked(ctx, r)
		case <-stop:
			s.recordUnmarked(ctx, r)
			return
		}
	}
}

// startMarker runs the route's marker until the returned stop is called;
// stop returns once every delivery reported before it was recorded (or
// could not be).
func (s *Sender) startMarker(ctx context.Context, r *route) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s.runMarker(ctx, r, quit)
	}()
	return func() {
		close(quit)
		<-done
	}
}

// markPending records every delivery not recorded yet in one write. The
// caller holds r.marking.
func (s *Sender) markPending(ctx context.Context, r *route) bool {
	r.stateMu.Lock()
	ids := make([]int64, 0, len(r.unmarked))
	for id := range r.unmarked {
		ids = append(ids, id)
	}
	r.stateMu.Unlock()
	if len(ids) == 0 {
		return true
	}
	err := s.db.MarkSent(context.WithoutCancel(ctx), ids, s.cfg.Now())
	r.stateMu.Lock()
	r.markFailing = err != nil
	if err == nil {
		for _, id := range ids {
			delete(r.unmarked, id)
			r.settled[id] = true
		}
	}
	r.stateMu.Unlock()
	if err != nil {
		s.noteStoreError(ctx, err)
		return false
	}
	s.health.ok()
	return true
}

// noteStoreError logs a failed write of the sender's: an outage of the
// database once, anything else every time.
func (s *Sender) noteStoreError(ctx context.Context, err error) {
	if f := store.FaultOf(err); f != nil {
		s.health.failed(ctx, f, err, true)
		return
	}
	s.cfg.Log.Error("outbox update failed", "component", "sender", "err", maskNumbers(err.Error()))
}

func (s *Sender) logFlushError(ctx context.Context, r *route, err error) {
	if f := store.FaultOf(err); f != nil {
		s.health.failed(ctx, f, err, true)
		return
	}
	s.cfg.Log.Error("outbox flush failed", "component", "sender", "channel", r.Channel, "err", err)
}

// chatRun is one chat's due messages, in order.
type chatRun []store.OutboxMessage

// groupByChat splits rows into runs per chat, keeping each chat's order
// and the order in which chats first appear.
// decodeRun decodes the replies of a run about to be sent (the pump reads
// them undecoded: it reads more than it hands out).
func decodeRun(run chatRun) error {
	for i := range run {
		if err := run[i].DecodeReply(); err != nil {
			return fmt.Errorf("sender: %w", err)
		}
	}
	return nil
}

func groupByChat(rows []store.OutboxMessage) []chatRun {
	var index map[store.ChatKey]int // (only for many rows: a few are looked up in runs)
	if len(rows) > 16 {
		index = make(map[store.ChatKey]int, len(rows))
	}
	runs := make([]chatRun, 0, min(len(rows), 16))
	for k, m := range rows {
		i, ok := -1, false
		if index != nil {
			i, ok = index[m.Chat]
		} else {
			for j, run := range runs {
				if run[0].Chat == m.Chat {
					i, ok = j, true
					break
				}
			}
		}
		if !ok {
			i = len(runs)
			if index != nil {
				index[m.Chat] = i
			}
			runs = append(runs, rows[k:k+1:k+1])
			continue
		}
		runs[i] = append(runs[i], m)
	}
	return runs
}

// sendRun sends one chat's messages in order, pacing them, and records
// each as sent as soon as the platform accepted it, so that a crash
// re-sends at most the one in flight. It stops at the first failure so
// that later messages never overtake it, and when the chat must wait for
// its own pace, leaving the rest for a later pass, so that one busy chat
// never holds the others back. It returns how many rows it delivered and
// whether any row changed state.
func (s *Sender) sendRun(ctx context.Context, r *route, run chatRun) (int, bool) {
	sent := 0
	for _, m := range run {
		now := s.cfg.Now()
		wait, booked := r.lim.reserve(m.Chat, now, paceWait(m.Kind))
		if !booked {
			r.notePaced(now.Add(wait))
			return sent, sent > 0
		}
		s.cfg.Sleep(ctx, wait) // the channel's pace: a short wait for a slot
		if ctx.Err() != nil {
			return sent, sent > 0 // shutting down: the rest stays pending
		}
		// A send once begun is let finish (SendTimeout bounds it), even when
		// the sender is stopping: abandoned, a send the platform took would
		// be left pending and sent again at the next look.
		sctx, cancel := context.WithTimeout(r.uncancelable(ctx), s.cfg.SendTimeout)
		err := r.Outlet.Send(sctx, m)
		cancel()
		if err == nil {
			sent++
			if !s.delivered(r, m.ID) {
				return sent, true // deliveries cannot be recorded: send no more
			}
			continue
		}
		if ctx.Err() != nil {
			return sent, sent > 0
		}
		if ferr := s.failed(ctx, m, err); ferr != nil {
			s.noteStoreError(ctx, ferr)
		}
		return sent, true
	}
	return sent, sent > 0
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
	log := s.cfg.Log.With("component", "sender", "chat", s.db.Pseudonyms().Of(m.Chat), "outbox_id", m.ID, "attempt", m.Attempts+1)
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
