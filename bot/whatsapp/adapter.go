package whatsapp

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

const (
	// submitTimeout bounds the hand-off of one received message at shutdown.
	submitTimeout = 10 * time.Second
	// storeGrace is how long the device store stays open after a
	// permanent disconnect, for whatsmeow to finish writing to it.
	storeGrace = 2 * time.Second
)

// Adapter is the WhatsApp channel: it receives the office number's private
// chats through a linked device and sends the replies.
type Adapter struct {
	cfg    Config
	cli    Client
	lids   LIDMap
	db     *store.DB
	log    *slog.Logger
	pseud  *store.Pseudonyms // chats' pseudonyms for logs
	outlet *Outlet
	pres   *presence

	mu        sync.RWMutex // guards accepting and the closing of queue
	accepting bool
	queue     chan Incoming

	connecting atomic.Bool
	connected  chan struct{} // closed at the first Connected event
	connOnce   sync.Once
	stopped    atomic.Bool
	stopCh     chan struct{} // closed when the channel stops for good
	stopOnce   sync.Once

	// quit ends when no more messages are taken (Run's context ended, or
	// the channel stopped): downloads in progress are abandoned.
	quit     context.Context
	quitting context.CancelFunc
	// maxFile is the largest photo or document kept (store.MaxFileSize).
	maxFile int64

	// receipts queues delivery and read receipts for recordReceipts,
	// started at the first (receipt.go).
	receipts    chan receiptJob
	receiptOnce sync.Once

	closers    []func() error // run by Close after disconnecting
	closeOnce  sync.Once
	storeGrace time.Duration
}

// New makes the adapter on a whatsmeow client (or a fake in tests). lids,
// when not nil, finds the phone number of senders known only by LID, and
// the LID of the numbers sent to (lid.go).
// Received messages are queued from now on; Run hands them on.
func New(cli Client, db *store.DB, lids LIDMap, cfg Config) *Adapter {
	cfg = cfg.withDefaults()
	log := cfg.Log.With("component", "whatsapp")
	pseud := store.NewPseudonyms(nil)
	if db != nil {
		pseud = db.Pseudonyms()
	}
	c := &Adapter{
		cfg: cfg, cli: cli, lids: lids, db: db, log: log, pseud: pseud,
		pres:      newPresence(cli, log, cfg.IdleOffline, pseud),
		accepting: true,
		queue:     make(chan Incoming, cfg.QueueSize),
		connected: make(chan struct{}),
		stopCh:    make(chan struct{}),

		storeGrace: storeGrace,
		maxFile:    store.MaxFileSize,
	}
	c.quit, c.quitting = context.WithCancel(context.Background())
	c.outlet = &Outlet{c: c, wrote: map[store.ChatKey]bool{}}
	cli.AddEventHandlerWithSuccessStatus(c.handleEvent)
	return c
}

// Name is the channel's name in chat keys.
func (c *Adapter) Name() string { return Channel }

// Outlet is the channel's outlet.
func (c *Adapter) Outlet() *Outlet { return c.outlet }

// Routes are how the sender delivers the channel's outbox rows.
func (c *Adapter) Routes() []bot.Route {
	return []bot.Route{{Channel: Channel, Outlet: c.outlet, Workers: c.cfg.Workers, Limits: c.cfg.Limits}}
}

// Stopped is closed when the channel has stopped for good.
func (c *Adapter) Stopped() <-chan struct{} { return c.stopCh }

// Run connects (if Open did not), hands received messages to submit until
// ctx ends or the channel stops for good, and returns nil then. After ctx
// ends the connection stays open for Config.Linger so that the last
// replies can be delivered; after a stop it is closed at once, and the
// device store and the session lock are released shortly after.
func (c *Adapter) Run(ctx context.Context, submit func(context.Context, bot.Inbound) error) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.handOff(ctx, submit)
	}()
	c.connect(ctx)
	select {
	case <-ctx.Done():
	case <-c.stopCh:
	}
	c.quitting() // a download in progress is abandoned, its message left unacknowledged
	c.mu.Lock()
	c.accepting = false // later messages stay unacknowledged: WhatsApp delivers them again
	close(c.queue)
	c.mu.Unlock()
	<-done
	wait := c.cfg.Linger
	if c.stopped.Load() {
		// Disconnect now, but give whatsmeow a moment to finish with the
		// device store (after a logout it deletes the device's keys).
		c.cli.Disconnect()
		wait = c.storeGrace
	}
	go func() {
		time.Sleep(wait)
		c.Close()
	}()
	return nil
}

// Close disconnects, closes the device store and releases the session
// lock. It is safe to call more than once.
func (c *Adapter) Close() error {
	var errs []error
	c.closeOnce.Do(func() {
		c.quitting() // (receipts still queued are dropped)
		c.pres.close()
		c.cli.Disconnect()
		for _, f := range c.closers {
			errs = append(errs, f())
		}
	})
	return errors.Join(errs...)
}

// connect starts the connection once. whatsmeow reconnects on its own
// after a network failure; other failures are retried here.
func (c *Adapter) connect(ctx context.Context) {
	if !c.connecting.CompareAndSwap(false, true) {
		return
	}
	err := c.cli.Connect()
	if err == nil || errors.Is(err, whatsmeow.ErrAlreadyConnected) {
		return
	}
	c.log.Error("WhatsApp connection failed; retrying", "err", err)
	go func() {
		wait := 5 * time.Second
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.stopCh:
				return
			case <-time.After(wait):
			}
			err := c.cli.Connect()
			if err == nil || errors.Is(err, whatsmeow.ErrAlreadyConnected) {
				return
			}
			c.log.Error("WhatsApp connection failed; retrying", "err", err, "wait", wait)
			wait = min(wait*2, 5*time.Minute)
		}
	}()
}

// handOff submits queued messages, in the order received, until the queue
// is closed and empty; then it marks them read and shows typing. The
// receive loop never waits for it.
func (c *Adapter) handOff(ctx context.Context, submit func(context.Context, bot.Inbound) error) {
	receipts := make(chan Incoming, 256)
	var wg sync.WaitGroup
	wg.Go(func() {
		for in := range receipts {
			c.acknowledge(in)
		}
	})
	defer wg.Wait()
	defer close(receipts)
	for in := range c.queue {
		if !in.LID.IsEmpty() && c.lids != nil {
			in = c.resolve(ctx, in)
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), submitTimeout)
		err := submit(sctx, in.Inbound)
		cancel()
		log := c.log.With("chat", c.pseud.Of(in.Inbound.Chat))
		if err != nil {
			log.Error("received message not handed to the dispatcher", "err", err)
			continue
		}
		log.Debug("message received", "media", in.Inbound.Media)
		select {
		case receipts <- in:
		default: // receipts are best effort
		}
	}
}

// resolve finds the phone number of a sender known only by LID.
func (c *Adapter) resolve(ctx context.Context, in Incoming) Incoming {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	pn, err := c.lids.GetPNForLID(lctx, in.LID)
	if err != nil {
		c.log.Warn("LID lookup failed; chat addressed by LID", "chat", c.pseud.Of(in.Inbound.Chat), "err", err)
		return in
	}
	if pn.IsEmpty() {
		c.log.Debug("no phone number known for LID; chat addressed by LID", "chat", c.pseud.Of(in.Inbound.Chat))
		return in
	}
	return in.Resolved(pn)
}

// acknowledge marks a handed-off message read and shows typing.
func (c *Adapter) acknowledge(in Incoming) {
	chat, err := parseAddress(in.Inbound.Chat.Address)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.pres.read(ctx, in, chat)
}
