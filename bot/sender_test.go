package bot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

func queue(t *testing.T, db *store.DB, chat store.ChatKey, now time.Time, texts ...string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, text := range texts {
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Reply: store.Reply{Text: text}, NotBefore: now, CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A transient failure holds back the chat's later messages until the
// retry succeeds, so the owner reads them in order; other chats go on.
func TestSenderRetriesInOrder(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	a := store.ChatKey{Channel: "test", Address: "a"}
	b := store.ChatKey{Channel: "test", Address: "b"}
	queue(t, db, a, clock.Now(), "a1", "a2")
	queue(t, db, b, clock.Now(), "b1")
	failures := 1
	rec := &recorder{fail: func(m store.OutboxMessage) error {
		if m.Reply.Text == "a1" && failures > 0 {
			failures--
			return bot.Temporary(errors.New("network down"), 30*time.Second)
		}
		return nil
	}}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()}, bot.Route{Channel: "test", Outlet: rec})
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.texts(); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("first pass sent %q, want only b1", got)
	}
	clock.Advance(10 * time.Second)
	s.Flush(ctx)
	if got := rec.texts(); len(got) != 1 {
		t.Fatalf("sent %q before retry_after passed", got)
	}
	clock.Advance(25 * time.Second)
	s.Flush(ctx)
	if got := rec.texts(); !slices.Equal(got, []string{"b1", "a1", "a2"}) {
		t.Fatalf("sent %q, want b1 a1 a2", got)
	}
	wantPending(t, db, 0)
}

// A permanent failure gives the message up and lets the next one go.
func TestSenderPermanentFailure(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	a := store.ChatKey{Channel: "test", Address: "a"}
	queue(t, db, a, clock.Now(), "bad", "good")
	rec := &recorder{fail: func(m store.OutboxMessage) error {
		if m.Reply.Text == "bad" {
			return bot.Permanent(errors.New("message too long"))
		}
		return nil
	}}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()}, bot.Route{Channel: "test", Outlet: rec})
	s.Flush(ctx)
	if got := rec.texts(); !slices.Equal(got, []string{"good"}) {
		t.Fatalf("sent %q, want good", got)
	}
	wantPending(t, db, 0)
}

// A plain error is retried with backoff until MaxAttempts, then given up.
func TestSenderGivesUpAfterMaxAttempts(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	queue(t, db, store.ChatKey{Channel: "test", Address: "a"}, clock.Now(), "never")
	attempts := 0
	rec := &recorder{fail: func(store.OutboxMessage) error { attempts++; return fmt.Errorf("boom %d", attempts) }}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog(), MaxAttempts: 3}, bot.Route{Channel: "test", Outlet: rec})
	for range 10 {
		s.Flush(ctx)
		clock.Advance(time.Hour)
	}
	if attempts != 3 {
		t.Errorf("%d attempts, want 3", attempts)
	}
	wantPending(t, db, 0)
}

// A reminder planned twice with the same dedupe key is queued once, and a
// message due later waits for its time without holding back others.
func TestOutboxDedupeAndNotBefore(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	chat := store.ChatKey{Channel: "test", Address: "a"}
	later := clock.Now().Add(time.Hour)
	for range 2 {
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Reply: store.Reply{Text: "reminder"},
				DedupeKey: "remind:training:12:owner:5:h-1", NotBefore: later, CreatedAt: clock.Now()})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	queue(t, db, chat, clock.Now(), "now")
	rec := &recorder{}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()}, bot.Route{Channel: "test", Outlet: rec})
	s.Flush(ctx)
	if got := rec.texts(); !slices.Equal(got, []string{"now"}) {
		t.Fatalf("sent %q, want only the message due now", got)
	}
	clock.Advance(time.Hour)
	s.Flush(ctx)
	s.Flush(ctx)
	if got := rec.texts(); !slices.Equal(got, []string{"now", "reminder"}) {
		t.Fatalf("sent %q, want now, reminder (once)", got)
	}
}

// A reply queued behind 10,000 broadcasts is the next message sent.
func TestSenderReplyBeforeBroadcastBacklog(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for i := range 10_000 {
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: store.ChatKey{Channel: "test", Address: fmt.Sprint(i)},
				Kind: store.KindBroadcast, Reply: store.Reply{Text: "pengumuman"}, NotBefore: clock.Now(),
				CreatedAt: clock.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	queue(t, db, store.ChatKey{Channel: "test", Address: "owner"}, clock.Now(), "reply")
	rec := &recorder{}
	// One message every 10 s: a pass sends one, and leaves the rest.
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()},
		bot.Route{Channel: "test", Outlet: rec, Limits: bot.Limits{Global: 0.1}})
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.texts(); !slices.Equal(got, []string{"reply"}) {
		t.Fatalf("sent %q, want the reply first", got)
	}
	wantPending(t, db, 10_000)
}
