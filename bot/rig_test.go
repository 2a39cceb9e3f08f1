package bot_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"sobat-ikm/bot"
	"sobat-ikm/bot/bottest"
	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// testClock is the frozen clock tests move by hand.
type testClock = bottest.Clock

func newClock() *testClock { return bottest.NewClock() }

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newEngine(t *testing.T) *flows.Engine {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	return flows.New(cat)
}

// recorder is an outlet that keeps what it was given, failing on demand.
type recorder struct {
	mu   sync.Mutex
	got  []store.OutboxMessage
	fail func(m store.OutboxMessage) error
}

func (r *recorder) Send(_ context.Context, m store.OutboxMessage) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(m); err != nil {
			return err
		}
	}
	r.got = append(r.got, m)
	return nil
}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.got {
		out = append(out, m.Reply.Text)
	}
	return out
}

func msg(chat store.ChatKey, id, text string) bot.Inbound {
	in := bot.Inbound{Chat: chat, ID: id}
	in.Text = text
	return in
}

// wantPending checks how many outbox rows wait to be sent.
func wantPending(t *testing.T, db *store.DB, want int) {
	t.Helper()
	if n, err := db.Count(context.Background(), "pending"); err != nil || n != want {
		t.Errorf("%d rows pending (%v), want %d", n, err, want)
	}
}
