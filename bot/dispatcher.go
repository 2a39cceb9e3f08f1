package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"sobat-ikm/flows"
	"sobat-ikm/store"
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("bot: dispatcher closed")

// ErrNotSaved is what Inbound.Done receives for a message that could not
// be saved because the database cannot be written.
var ErrNotSaved = errors.New("bot: message not saved")

// DispatcherConfig tunes a Dispatcher; zero values pick defaults.
type DispatcherConfig struct {
	// Shards is how many chats are handled at once (default 256): any
	// free one of that many workers takes any chat with a message waiting;
	// the messages of one chat are handled in order, one at a time.
	Shards int
	// QueueSize is how many messages may wait in all (default 16,384);
	// Submit waits while that many do.
	QueueSize int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives operational logs (default slog.Default()).
	Log *slog.Logger
	// AfterCommit, when set, is called after a message's transaction
	// committed, with the channels it queued messages for (the chat's
	// own, and those of notices to other chats) and the time Submit
	// accepted it (zero for Handle).
	AfterCommit func(in Inbound, channels []string, accepted time.Time)
	// FailFast gives a message up at once when the database cannot be
	// written, instead of holding it and trying again until it can: for
	// the console, whose messages no platform would deliver again.
	FailFast bool
}

// Dispatcher hands each inbound message to the conversation engine inside
// one transaction, one message of a chat at a time.
type Dispatcher struct {
	db     *store.DB
	engine *flows.Engine
	cfg    DispatcherConfig
	queues *chatQueues
	health *storeHealth

	mu      sync.RWMutex
	closed  bool
	quit    chan struct{} // closed by Close: stop holding messages
	wg      sync.WaitGroup
	unsaved atomic.Int64
}

type job struct {
	ctx      context.Context
	in       Inbound
	accepted time.Time
}

// NewDispatcher starts the dispatcher's shard workers.
func NewDispatcher(db *store.DB, engine *flows.Engine, cfg DispatcherConfig) *Dispatcher {
	if cfg.Shards <= 0 {
		cfg.Shards = 256
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 16384
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	d := &Dispatcher{db: db, engine: engine, cfg: cfg, queues: newChatQueues(cfg.QueueSize),
		health: newStoreHealth(db, cfg.Log.With("component", "dispatcher"), "messages"), quit: make(chan struct{})}
	for range cfg.Shards {
		d.wg.Add(1)
		go d.work()
	}
	return d
}

func (d *Dispatcher) work() {
	defer d.wg.Done()
	for {
		c, j, ok := d.queues.take()
		if !ok {
			return
		}
		// Handle logs its own failures; the owner got an apology.
		_ = d.handle(j.ctx, j.in, j.accepted)
		d.queues.done(c)
	}
}

// Submit queues a message for handling and returns once it is queued. It
// waits while the queues are full, until ctx ends.
func (d *Dispatcher) Submit(ctx context.Context, in Inbound) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return ErrClosed
	}
	select {
	case d.queues.room <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if ctx.Done() != nil {
		ctx = context.WithoutCancel(ctx) // (one that cannot end is kept as it is)
	}
	d.queues.push(job{ctx: ctx, in: in, accepted: time.Now()})
	return nil
}

// Close stops accepting messages and waits until every queued message has
// been handled. Messages held because the database cannot be written are
// given up (their Done reports ErrNotSaved, so their platforms deliver
// them again); Unsaved counts them.
func (d *Dispatcher) Close() {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		close(d.quit)
		d.queues.close()
	}
	d.mu.Unlock()
	d.wg.Wait()
}

// Unsaved is how many messages were given up because the database could
// not be written.
func (d *Dispatcher) Unsaved() int64 { return d.unsaved.Load() }

// Handle handles one message now, in the caller's goroutine. The caller
// must not handle two messages of one chat at once (Submit guarantees it).
func (d *Dispatcher) Handle(ctx context.Context, in Inbound) error {
	return d.handle(ctx, in, time.Time{})
}

func (d *Dispatcher) handle(ctx context.Context, in Inbound, accepted time.Time) error {
	err := d.handleHeld(ctx, in, accepted)
	if in.Done != nil {
		if !errors.Is(err, ErrNotSaved) {
			in.Done(nil) // saved, or not worth delivering again
		} else {
			in.Done(err)
		}
	}
	return err
}

// handleHeld handles a message, holding it while the database cannot be
// written.
func (d *Dispatcher) handleHeld(ctx context.Context, in Inbound, accepted time.Time) error {
	// What the conversation reads of the text alone is computed here, beside
	// the database's single writer, not inside its transaction.
	in.Input = d.engine.Prepare(in.Input)
	for retry := 0; ; retry++ {
		now := d.cfg.Now()
		duplicate, channels, err := d.attempt(ctx, in, now)
		var fault *store.Fault
		if err != nil {
			fault = store.FaultOf(err)
		}
		switch {
		case err == nil:
			d.health.ok()
			if duplicate {
				return nil
			}
			if d.cfg.AfterCommit != nil {
				d.cfg.AfterCommit(in, channels, accepted)
			}
			return nil
		case fault == nil:
			// Our bug, not the storage's: the same message would fail
			// again, so the owner is told and the message is not held.
			log := d.cfg.Log.With("component", "dispatcher", "chat", d.db.Pseudonyms().Of(in.Chat))
			log.Error("message not handled", "err", maskNumbers(err.Error()))
			d.apologize(ctx, in.Chat, now, log)
			return fmt.Errorf("bot: handle message: %w", err)
		}
		hold := !d.cfg.FailFast && !d.quitting()
		d.health.failed(ctx, fault, err, hold)
		if !hold || !d.wait(faultWait(retry)) {
			d.unsaved.Add(1)
			return fmt.Errorf("%w: %s: %w", ErrNotSaved, fault.Problem, err)
		}
	}
}

// attempt handles one message in one transaction, reporting whether it
// was a duplicate delivery and the channels it queued messages for.
func (d *Dispatcher) attempt(ctx context.Context, in Inbound, now time.Time) (bool, []string, error) {
	if in.At.IsZero() {
		in.At = now
	}
	t := &turn{d: d, in: in, now: now} // (one allocation holds the turn and its results)
	err := d.db.Update(ctx, t.run)
	if t.duplicate && err == nil {
		d.cfg.Log.Debug("duplicate delivery dropped", "component", "dispatcher", "chat", d.db.Pseudonyms().Of(in.Chat))
	}
	return t.duplicate, t.channels, err
}

// turn is one message's transaction.
type turn struct {
	d         *Dispatcher
	in        Inbound
	now       time.Time
	duplicate bool
	channels  []string
}

func (t *turn) run(tx *store.Tx) error {
	defer func() { t.channels = tx.Channels() }()
	t.duplicate = false
	fresh, err := tx.RecordInbound(t.in.Chat, t.in.ID, t.now)
	if err != nil {
		return err
	}
	if !fresh {
		t.duplicate = true
		return nil
	}
	reply, err := t.d.engine.Handle(tx, t.in.Chat, t.in.Input)
	if err != nil {
		return err
	}
	return enqueue(tx, t.in.Chat, reply, t.now)
}

// quitting reports whether Close was called.
func (d *Dispatcher) quitting() bool {
	select {
	case <-d.quit:
		return true
	default:
		return false
	}
}

// wait sleeps for dur, or until Close; it reports whether it slept the
// whole time.
func (d *Dispatcher) wait(dur time.Duration) bool {
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-d.quit:
		return false
	case <-t.C:
		return true
	}
}

// apologize tells the owner their message failed on our side.
func (d *Dispatcher) apologize(ctx context.Context, chat store.ChatKey, now time.Time, log *slog.Logger) {
	err := d.db.Update(ctx, func(tx *store.Tx) error {
		reply, err := d.engine.Apology(tx, chat)
		if err != nil {
			return err
		}
		return enqueue(tx, chat, reply, now)
	})
	if err != nil {
		log.Error("apology not queued", "err", err)
		return
	}
	if d.cfg.AfterCommit != nil {
		d.cfg.AfterCommit(Inbound{Chat: chat}, []string{chat.Channel}, time.Time{})
	}
}

func enqueue(tx *store.Tx, chat store.ChatKey, reply store.Reply, now time.Time) error {
	if reply.Text == "" && len(reply.Choices) == 0 {
		return nil
	}
	_, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Reply: reply, NotBefore: now, CreatedAt: now})
	return err
}
