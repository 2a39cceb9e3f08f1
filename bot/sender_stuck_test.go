package bot_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// stuckOutlet never answers a send to one chat until the send's context
// ends; other chats are delivered at once.
type stuckOutlet struct {
	stuck string

	mu       sync.Mutex
	sent     map[string]time.Time // text -> when delivered
	attempts int                  // sends to the stuck chat
}

func (o *stuckOutlet) Send(ctx context.Context, m store.OutboxMessage) error {
	if m.Chat.Address == o.stuck {
		o.mu.Lock()
		o.attempts++
		o.mu.Unlock()
		<-ctx.Done()
		return ctx.Err()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent[m.Reply.Text] = time.Now()
	return nil
}

func (o *stuckOutlet) delivered(text string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.sent[text]
	return ok
}

// One send that never answers holds only its own chat: the other chats'
// replies, queued before and after it, go out at once, and the stuck row
// is abandoned after the send timeout and tried again.
func TestSenderStuckSendHoldsOnlyItsChat(t *testing.T) {
	db := openDB(t)
	now := time.Now
	stuck := store.ChatKey{Channel: "test", Address: "stuck"}
	queue(t, db, stuck, now(), "to the stuck chat")
	for _, a := range []string{"a", "b", "c"} {
		queue(t, db, store.ChatKey{Channel: "test", Address: a}, now(), "first to "+a)
	}
	out := &stuckOutlet{stuck: "stuck", sent: map[string]time.Time{}}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), SendTimeout: 500 * time.Millisecond, Poll: 20 * time.Millisecond},
		bot.Route{Channel: "test", Outlet: out, Workers: 2})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	waitUntil(t, 2*time.Second, func() bool {
		return out.delivered("first to a") && out.delivered("first to b") && out.delivered("first to c")
	})
	began := time.Now()
	queue(t, db, store.ChatKey{Channel: "test", Address: "a"}, now(), "second to a")
	s.Notify("test")
	waitUntil(t, 2*time.Second, func() bool { return out.delivered("second to a") })
	if took := time.Since(began); took > 300*time.Millisecond {
		t.Errorf("a reply queued while another chat's send hangs took %v", took)
	}
	waitUntil(t, 3*time.Second, func() bool {
		out.mu.Lock()
		defer out.mu.Unlock()
		return out.attempts >= 2
	})
}

func waitUntil(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", d)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pendingProbe records, at each send, how many rows were still pending.
type pendingProbe struct {
	db      *store.DB
	pending []int
}

func (o *pendingProbe) Send(ctx context.Context, _ store.OutboxMessage) error {
	time.Sleep(30 * time.Millisecond) // the request's round trip
	n, err := o.db.Count(ctx, "pending")
	if err != nil {
		return err
	}
	o.pending = append(o.pending, n)
	return nil
}

// Each row is recorded as sent as soon as the platform accepted it, not
// at the end of its chat's run or batch: by the time the next request
// of the run has made its round trip, the rows before it are recorded,
// so a crash re-sends at most the row in flight (and one accepted a
// moment before).
func TestSenderMarksEachRowAtOnce(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	chat := store.ChatKey{Channel: "test", Address: "a"}
	queue(t, db, chat, clock.Now(), "1", "2", "3", "4")
	out := &pendingProbe{db: db}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()}, bot.Route{Channel: "test", Outlet: out})
	if n, err := s.Flush(context.Background()); err != nil || n != 4 {
		t.Fatalf("Flush = %d, %v", n, err)
	}
	if want := []int{4, 3, 2, 1}; fmt.Sprint(out.pending) != fmt.Sprint(want) {
		t.Errorf("pending rows seen at each send %v, want %v", out.pending, want)
	}
}

// gateOutlet holds the sends to one chat until the gate opens, and counts
// every send by text.
type gateOutlet struct {
	held    string
	gate    chan struct{} // closed to let the held sends through
	entered chan struct{} // signalled as a held send starts

	mu    sync.Mutex
	sends map[string]int
}

func (o *gateOutlet) Send(ctx context.Context, m store.OutboxMessage) error {
	if m.Chat.Address == o.held {
		select {
		case o.entered <- struct{}{}:
		default:
		}
		<-o.gate
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sends[m.Reply.Text]++
	return nil
}

func (o *gateOutlet) count(text string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sends[text]
}

// A look at the outbox made while a chat's row is being sent must not
// send that row again once the send is over: the row it read is stale.
// Here the look waits for the only worker, busy with the send, and gets
// it just after the row was marked sent.
func TestSenderNeverResendsARowReadWhileInFlight(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	a := store.ChatKey{Channel: "test", Address: "a"}
	b := store.ChatKey{Channel: "test", Address: "b"}
	queue(t, db, b, clock.Now().Add(10*time.Second), "b1") // read first once due
	queue(t, db, a, clock.Now(), "a1")
	out := &gateOutlet{held: "a", gate: make(chan struct{}), entered: make(chan struct{}, 1), sends: map[string]int{}}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog(), Poll: time.Minute},
		bot.Route{Channel: "test", Outlet: out, Workers: 1})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	<-out.entered // a1 is being sent
	clock.Advance(10 * time.Second)
	s.Notify("test")                   // reads b1 and a1, and waits for the worker
	time.Sleep(100 * time.Millisecond) // (a slower look only makes the test pass)
	close(out.gate)
	waitUntil(t, 2*time.Second, func() bool { return out.count("b1") == 1 })
	time.Sleep(100 * time.Millisecond)
	if n := out.count("a1"); n != 1 {
		t.Errorf("a1 sent %d times, want 1", n)
	}
	wantPending(t, db, 0)
}

// idOutlet counts the sends of each row.
type idOutlet struct {
	mu   sync.Mutex
	sent map[int64]int
}

func (o *idOutlet) Send(_ context.Context, m store.OutboxMessage) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent[m.ID]++
	return nil
}

// Rows keep coming for many chats while the sender runs: each row is sent
// exactly once, even when its delivery is recorded while a look at the
// outbox is under way (the look may have read it as still pending).
func TestSenderSendsEachRowOnceUnderLoad(t *testing.T) {
	db := openDB(t)
	out := &idOutlet{sent: map[int64]int{}}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Poll: 5 * time.Millisecond},
		bot.Route{Channel: "test", Outlet: out, Workers: 1})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	const chats, rounds = 40, 15
	for r := range rounds {
		for c := range chats {
			queue(t, db, store.ChatKey{Channel: "test", Address: fmt.Sprint(c)}, time.Now(), fmt.Sprintf("m%d", r))
		}
		s.Notify("test")
		time.Sleep(2 * time.Millisecond)
	}
	waitUntil(t, 10*time.Second, func() bool {
		out.mu.Lock()
		defer out.mu.Unlock()
		return len(out.sent) == chats*rounds
	})
	time.Sleep(100 * time.Millisecond) // any late second send shows now
	cancel()
	<-done
	out.mu.Lock()
	defer out.mu.Unlock()
	for id, n := range out.sent {
		if n != 1 {
			t.Errorf("row %d sent %d times", id, n)
		}
	}
}

// slowOutlet delivers a message when asked, then answers only once
// released: a platform that took the message while its answer is slow.
type slowOutlet struct {
	mu      sync.Mutex
	got     map[string]int
	calling chan struct{} // a send has begun
	release chan struct{}
}

func (o *slowOutlet) Send(ctx context.Context, m store.OutboxMessage) error {
	o.mu.Lock()
	o.got[m.Reply.Text]++
	o.mu.Unlock()
	select {
	case o.calling <- struct{}{}:
	default:
	}
	select {
	case <-o.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stopping the sender while a send is under way lets that send finish
// and records it: the row is not sent again by the next look (Flush at
// shutdown, or the next start).
func TestSenderStopDuringASendSendsOnce(t *testing.T) {
	db := openDB(t)
	chat := store.ChatKey{Channel: "test", Address: "a"}
	queue(t, db, chat, time.Now(), "hello")
	out := &slowOutlet{got: map[string]int{}, calling: make(chan struct{}, 1), release: make(chan struct{})}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), SendTimeout: 5 * time.Second, Poll: 20 * time.Millisecond},
		bot.Route{Channel: "test", Outlet: out})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	<-out.calling
	cancel() // stopping while the platform holds the message
	time.AfterFunc(50*time.Millisecond, func() { close(out.release) })
	<-done
	if _, err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	if out.got["hello"] != 1 {
		t.Errorf("sent %d times, want 1", out.got["hello"])
	}
	if n, err := db.Count(context.Background(), "pending"); err != nil || n != 0 {
		t.Errorf("%d rows pending (%v), want 0", n, err)
	}
}
