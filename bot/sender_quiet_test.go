package bot_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// textOutlet keeps the texts it was given.
type textOutlet struct {
	mu   sync.Mutex
	sent []string
}

func (o *textOutlet) Send(_ context.Context, m store.OutboxMessage) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m.Reply.Text)
	return nil
}

// In the quiet hours (21:00-07:00 WITA) only replies and notices go out;
// a reminder and a broadcast wait for the morning, and then go once.
func TestQuietHoursHoldRemindersAndBroadcasts(t *testing.T) {
	db := openDB(t)
	wita := time.FixedZone("WITA", 8*3600)
	now := time.Date(2026, 12, 2, 22, 0, 0, 0, wita)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, m := range []store.OutboxMessage{
			{Chat: store.ChatKey{Channel: "test", Address: "a"}, Kind: store.KindReminder, Reply: store.Reply{Text: "reminder"}, DedupeKey: "remind:1"},
			{Chat: store.ChatKey{Channel: "test", Address: "b"}, Kind: store.KindBroadcast, Reply: store.Reply{Text: "broadcast"}, DedupeKey: "broadcast:1"},
			{Chat: store.ChatKey{Channel: "test", Address: "c"}, Kind: store.KindNotice, Reply: store.Reply{Text: "notice"}},
			{Chat: store.ChatKey{Channel: "test", Address: "d"}, Reply: store.Reply{Text: "reply"}},
		} {
			m.NotBefore, m.CreatedAt = now.Add(-time.Minute), now.Add(-time.Minute)
			if _, err := tx.Enqueue(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	clock := now
	out := &textOutlet{}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Now: func() time.Time { return clock }, Quiet: bot.QuietHours(21, 7, wita)},
		bot.Route{Channel: "test", Outlet: out})
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 2 || !slices.Contains(out.sent, "notice") || !slices.Contains(out.sent, "reply") {
		t.Fatalf("sent at 22:00: %q", out.sent)
	}
	clock = time.Date(2026, 12, 3, 7, 0, 0, 0, wita)
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 4 || !slices.Contains(out.sent, "reminder") || !slices.Contains(out.sent, "broadcast") {
		t.Errorf("sent by 07:00: %q", out.sent)
	}
}

// A paused channel (WhatsApp's reach-out lock) sends replies only; when
// the pause ends, what waited goes, once.
func TestPausedChannelSendsRepliesOnly(t *testing.T) {
	db := openDB(t)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, m := range []store.OutboxMessage{
			{Chat: store.ChatKey{Channel: "test", Address: "a"}, Kind: store.KindReminder, Reply: store.Reply{Text: "reminder"}, DedupeKey: "remind:1"},
			{Chat: store.ChatKey{Channel: "test", Address: "b"}, Kind: store.KindBroadcast, Reply: store.Reply{Text: "broadcast"}, DedupeKey: "broadcast:1"},
			{Chat: store.ChatKey{Channel: "test", Address: "c"}, Kind: store.KindNotice, Reply: store.Reply{Text: "notice"}},
			{Chat: store.ChatKey{Channel: "test", Address: "d"}, Reply: store.Reply{Text: "reply"}},
		} {
			m.NotBefore, m.CreatedAt = now.Add(-time.Minute), now.Add(-time.Minute)
			if _, err := tx.Enqueue(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPause(ctx, store.Pause{Channel: "test", Until: now.Add(time.Hour), Reason: "reachout_lock", Since: now}); err != nil {
		t.Fatal(err)
	}
	clock := now
	out := &textOutlet{}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Now: func() time.Time { return clock }}, bot.Route{Channel: "test", Outlet: out})
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 1 || out.sent[0] != "reply" {
		t.Fatalf("sent while paused: %q", out.sent)
	}
	clock = now.Add(2 * time.Hour)
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 4 {
		t.Errorf("sent once the pause ended: %q", out.sent)
	}
}

// A pause written while the sender runs (it read none before), and one
// lifted, take effect at its next look.
func TestPauseWrittenWhileSending(t *testing.T) {
	db := openDB(t)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	ctx := context.Background()
	queue := func(kind store.Kind, text string) {
		t.Helper()
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.Enqueue(store.OutboxMessage{Chat: store.ChatKey{Channel: "test", Address: text}, Kind: kind,
				Reply: store.Reply{Text: text}, NotBefore: now, CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	out := &textOutlet{}
	s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Now: func() time.Time { return now }}, bot.Route{Channel: "test", Outlet: out})
	flush := func() {
		t.Helper()
		if _, err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	queue(store.KindNotice, "notice 1")
	flush()
	if err := db.SetPause(ctx, store.Pause{Channel: "test", Reason: "reachout_lock", Since: now}); err != nil {
		t.Fatal(err)
	}
	queue(store.KindNotice, "notice 2")
	queue(store.KindReply, "reply")
	flush()
	if want := []string{"notice 1", "reply"}; !slices.Equal(out.sent, want) {
		t.Fatalf("sent %q, want %q: the pause written meanwhile holds notice 2", out.sent, want)
	}
	if err := db.LiftPause(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	flush()
	if want := []string{"notice 1", "reply", "notice 2"}; !slices.Equal(out.sent, want) {
		t.Fatalf("sent %q, want %q once the pause was lifted", out.sent, want)
	}
}
