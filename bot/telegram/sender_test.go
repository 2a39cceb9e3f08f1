package telegram

import (
	"context"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// sendRig runs the real sender, on a real SQLite store, through the
// adapter's outlet to the fake Bot API, on a frozen clock.
type sendRig struct {
	f      *fakeAPI
	db     *store.DB
	clock  *testClock
	sender *bot.Sender
}

func newSendRig(t *testing.T, cfg Config) *sendRig {
	t.Helper()
	f := newFakeAPI(t)
	a := newTestAdapter(t, f, cfg)
	r := &sendRig{f: f, db: openDB(t), clock: newClock()}
	r.sender = bot.NewSender(r.db, bot.SenderConfig{Now: r.clock.Now, Log: quietLog(),
		Backoff: func(int) time.Duration { return 10 * time.Second }}, a.Routes()...)
	return r
}

func (r *sendRig) queue(t *testing.T, chat int64, texts ...string) {
	t.Helper()
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		for _, text := range texts {
			m := store.OutboxMessage{Chat: chatKey(chat), Reply: store.Reply{Text: text}, NotBefore: r.clock.Now(), CreatedAt: r.clock.Now()}
			if _, err := tx.Enqueue(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (r *sendRig) flush(t *testing.T) {
	t.Helper()
	if _, err := r.sender.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// texts lists the texts of the sendMessage calls to chat, failed or not.
func (r *sendRig) texts(chat string) []string {
	var out []string
	for _, c := range r.f.sent("sendMessage") {
		if c.Fields["chat_id"] == chat {
			out = append(out, c.Fields["text"])
		}
	}
	return out
}

func (r *sendRig) pending(t *testing.T) int {
	t.Helper()
	n, err := r.db.Count(context.Background(), "pending")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// failOnce makes the first sendMessage with text fail with status and body.
func failOnce(text string, status int, body string) func(call, *http.Request) (int, string, bool) {
	var done atomic.Bool
	return func(c call, _ *http.Request) (int, string, bool) {
		if c.Method == "sendMessage" && c.Fields["text"] == text && done.CompareAndSwap(false, true) {
			return status, body, true
		}
		return 0, "", false
	}
}

// 429: the same row is retried after retry_after, and the chat's later
// rows wait for it; other chats go on.
func TestSender429RetryAfter(t *testing.T) {
	r := newSendRig(t, Config{})
	r.f.setRespond(failOnce("a1", http.StatusTooManyRequests,
		`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`))
	r.queue(t, 777, "a1", "a2")
	r.queue(t, 888, "b1")
	r.flush(t)
	if got := r.texts("888"); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("chat 888 got %q", got)
	}
	if got := r.texts("777"); !slices.Equal(got, []string{"a1"}) {
		t.Fatalf("chat 777 got %q, want only the refused a1", got)
	}
	r.clock.Advance(6900 * time.Millisecond)
	r.flush(t)
	if got := r.texts("777"); len(got) != 1 {
		t.Fatalf("sent %q before retry_after passed", got)
	}
	if n := r.pending(t); n != 2 {
		t.Fatalf("%d rows pending, want a1 and a2", n)
	}
	r.clock.Advance(200 * time.Millisecond)
	r.flush(t)
	if got := r.texts("777"); !slices.Equal(got, []string{"a1", "a1", "a2"}) {
		t.Fatalf("chat 777 got %q, want a1 (429), a1, a2", got)
	}
	if n := r.pending(t); n != 0 {
		t.Errorf("%d rows still pending", n)
	}
}

// 403: the owner blocked the bot. The chat is marked unreachable and its
// rows are kept, unsent, until it writes again.
func TestSender403Unreachable(t *testing.T) {
	r := newSendRig(t, Config{})
	r.f.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		if c.Method == "sendMessage" && c.Fields["chat_id"] == "777" {
			return http.StatusForbidden, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, true
		}
		return 0, "", false
	})
	r.queue(t, 777, "a1", "a2")
	r.queue(t, 888, "b1")
	r.flush(t)
	for range 3 {
		r.clock.Advance(time.Hour)
		r.flush(t)
	}
	if got := r.texts("777"); !slices.Equal(got, []string{"a1"}) {
		t.Fatalf("chat 777 got %q, want one refused a1 and then nothing", got)
	}
	if n := r.pending(t); n != 2 {
		t.Fatalf("%d rows pending, want a1 and a2 kept", n)
	}
	var due []store.OutboxMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) error {
		var err error
		due, err = tx.DueOutbox(Channel, "777", r.clock.Now(), 10)
		return err
	})
	if err != nil || len(due) != 0 {
		t.Fatalf("due rows of the blocked chat: %v (%v), want none", due, err)
	}
}

// 500: retried with backoff, then delivered.
func TestSender500Retried(t *testing.T) {
	r := newSendRig(t, Config{})
	r.f.setRespond(failOnce("a1", http.StatusInternalServerError,
		`{"ok":false,"error_code":500,"description":"Internal Server Error"}`))
	r.queue(t, 777, "a1", "a2")
	r.flush(t)
	if n := r.pending(t); n != 2 {
		t.Fatalf("%d pending after the 500, want 2", n)
	}
	r.clock.Advance(10 * time.Second)
	r.flush(t)
	if got := r.texts("777"); !slices.Equal(got, []string{"a1", "a1", "a2"}) {
		t.Fatalf("got %q, want a1 (500), a1, a2", got)
	}
	if n := r.pending(t); n != 0 {
		t.Errorf("%d rows still pending", n)
	}
}

// A Bot API call that takes longer than SendTimeout is abandoned and
// retried.
func TestSenderTimeoutRetried(t *testing.T) {
	r := newSendRig(t, Config{SendTimeout: 100 * time.Millisecond})
	var slow atomic.Bool
	slow.Store(true)
	r.f.setRespond(func(c call, req *http.Request) (int, string, bool) {
		if c.Method == "sendMessage" && slow.CompareAndSwap(true, false) {
			select {
			case <-req.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return http.StatusOK, `{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":777,"type":"private"}}}`, true
		}
		return 0, "", false
	})
	r.queue(t, 777, "a1")
	start := time.Now()
	r.flush(t)
	if d := time.Since(start); d > time.Second {
		t.Errorf("the slow call held the sender %v", d)
	}
	if n := r.pending(t); n != 1 {
		t.Fatalf("%d pending after the timeout, want 1", n)
	}
	r.clock.Advance(10 * time.Second)
	r.flush(t)
	if n := r.pending(t); n != 0 || len(r.texts("777")) != 2 {
		t.Fatalf("%d pending, %d attempts; want delivered on the second", n, len(r.texts("777")))
	}
}

// A network error (nothing listening) is retried.
func TestSenderNetworkErrorRetried(t *testing.T) {
	r := newSendRig(t, Config{})
	r.queue(t, 777, "a1")
	r.f.srv.CloseClientConnections()
	r.f.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		if c.Method == "sendMessage" {
			panic(http.ErrAbortHandler) // the connection drops without a response
		}
		return 0, "", false
	})
	r.flush(t)
	if n := r.pending(t); n != 1 {
		t.Fatalf("%d pending after a dropped connection, want 1", n)
	}
	r.f.setRespond(nil)
	r.clock.Advance(10 * time.Second)
	r.flush(t)
	if n := r.pending(t); n != 0 {
		t.Fatalf("%d pending, want delivered on retry", n)
	}
}

// A long text split into parts that fails half-way resumes where it
// stopped: the owner does not get the first part twice.
func TestSenderLongTextResumes(t *testing.T) {
	r := newSendRig(t, Config{})
	text := repeat("x", 4000) + "\n\n" + repeat("y", 100)
	r.f.setRespond(failOnce(repeat("y", 100), http.StatusTooManyRequests,
		`{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":1}}`))
	r.queue(t, 777, text)
	r.flush(t)
	r.clock.Advance(2 * time.Second)
	r.flush(t)
	got := r.texts("777")
	if len(got) != 3 || got[1] != got[2] || got[0] == got[1] {
		t.Fatalf("sent %d parts %q, want part 1, part 2 (429), part 2", len(got), abbrevAll(got))
	}
	if n := r.pending(t); n != 0 {
		t.Errorf("%d rows pending", n)
	}
}

func repeat(s string, n int) string {
	out := make([]byte, 0, len(s)*n)
	for range n {
		out = append(out, s...)
	}
	return string(out)
}

func abbrevAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, abbrev(s))
	}
	return out
}
