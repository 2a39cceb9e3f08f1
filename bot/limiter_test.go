package bot_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

// The sender never sends one chat faster than its own rate, nor the
// channel faster than the global rate.
func TestSenderPaces(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	for c := range 3 {
		queue(t, db, store.ChatKey{Channel: "test", Address: fmt.Sprint(c)}, clock.Now(), "m1", "m2", "m3")
	}
	var times = map[string][]time.Time{}
	var all []time.Time
	rec := &recorder{fail: func(m store.OutboxMessage) error {
		times[m.Chat.Address] = append(times[m.Chat.Address], clock.Now())
		all = append(all, clock.Now())
		return nil
	}}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog(), Sleep: clock.Sleep},
		bot.Route{Channel: "test", Outlet: rec, Limits: bot.Limits{Global: 2, GlobalBurst: 1, PerChat: 0.5, PerChatBurst: 1}})
	// A chat held back by its own pace waits for a later pass, while the
	// others go on: flush as Run would, as time passes.
	if total := bottest.FlushUntil(t, s, clock, 9, 100*time.Millisecond); total != 9 {
		t.Fatalf("sent %d, want 9", total)
	}
	for chat, ts := range times {
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < 2*time.Second {
				t.Errorf("chat %s: messages %v apart, want at least 2s", chat, gap)
			}
		}
	}
	for i := 1; i < len(all); i++ {
		if gap := all[i].Sub(all[i-1]); gap < 500*time.Millisecond {
			t.Errorf("messages %d and %d %v apart, want at least 500ms", i-1, i, gap)
		}
	}
}

// A chat that blocked the bot keeps its messages; they go out when the
// chat writes again.
func TestSenderHoldsUnreachableChat(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	a := store.ChatKey{Channel: "test", Address: "a"}
	b := store.ChatKey{Channel: "test", Address: "b"}
	queue(t, db, a, clock.Now(), "a1", "a2")
	queue(t, db, b, clock.Now(), "b1")
	blocked := true
	rec := &recorder{fail: func(m store.OutboxMessage) error {
		if m.Chat == a && blocked {
			return bot.Unreachable(errors.New("Forbidden: bot was blocked by the user"))
		}
		return nil
	}}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()}, bot.Route{Channel: "test", Outlet: rec})
	s.Flush(ctx)
	clock.Advance(time.Hour)
	s.Flush(ctx)
	if got := rec.texts(); len(got) != 1 || got[0] != "b1" {
		t.Fatalf("sent %q, want only b1", got)
	}
	wantPending(t, db, 2)
	// The owner unblocks the bot and writes again.
	blocked = false
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog()})
	if err := d.Handle(ctx, msg(a, "x1", "halo")); err != nil {
		t.Fatal(err)
	}
	d.Close()
	s.Flush(ctx)
	got := rec.texts()
	if len(got) != 4 || got[1] != "a1" || got[2] != "a2" {
		t.Fatalf("sent %q, want b1 a1 a2 and the greeting", got)
	}
}

// A chat that must wait for its own pace never holds another chat back.
func TestPacedChatDoesNotHoldOthers(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	busy := store.ChatKey{Channel: "test", Address: "busy"}
	other := store.ChatKey{Channel: "test", Address: "other"}
	queue(t, db, busy, clock.Now(), "b1", "b2", "b3")
	queue(t, db, other, clock.Now(), "o1")
	rec := &recorder{}
	slept := time.Duration(0)
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog(),
		Sleep: func(_ context.Context, d time.Duration) { slept += d }},
		bot.Route{Channel: "test", Outlet: rec, Limits: bot.Limits{PerChat: 0.1, PerChatBurst: 1}})
	n, err := s.Flush(ctx)
	if err != nil || n != 2 {
		t.Fatalf("sent %d (%v), want b1 and o1 at once", n, err)
	}
	if slept != 0 {
		t.Errorf("the sender slept %v for one chat's pace", slept)
	}
	wantPending(t, db, 2)
}

// A slow channel's backlog neither holds a fast channel back nor keeps a
// flush busy for long: what cannot go within a second waits for Run.
func TestSlowRouteHoldsNoOne(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	now := time.Now()
	for i := range 20 {
		queue(t, db, store.ChatKey{Channel: "slow", Address: fmt.Sprint(i)}, now, "backlog")
	}
	queue(t, db, store.ChatKey{Channel: "fast", Address: "x"}, now, "reply")
	slow, fast := &recorder{}, &recorder{}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog()},
		bot.Route{Channel: "slow", Outlet: slow, Limits: bot.Limits{Global: 0.5, GlobalBurst: 1}},
		bot.Route{Channel: "fast", Outlet: fast})
	start := time.Now()
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("flush took %v behind a paced backlog", took)
	}
	if got := fast.texts(); len(got) != 1 {
		t.Errorf("fast route sent %q, want its reply", got)
	}
	if got := slow.texts(); len(got) != 1 {
		t.Errorf("slow route sent %d, want one (its burst) and the rest left for later", len(got))
	}
}
