package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

// After "hapus data saya", run end to end through the dispatcher, the
// engine and the sender, none of the owner's data nor the chat's address
// can be read in any of the database's files while the bot still has them
// open, no row of the chat is left, a reply that was pending to it is
// never delivered, and the goodbye is.
func TestEraseLeavesNothingOnDisk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := newClock()
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog()})
	defer d.Close()
	rec := &recorder{}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Sleep: clock.Sleep, Log: quietLog()},
		bot.Route{Channel: "telegram", Outlet: rec})
	flush := func() {
		t.Helper()
		if _, err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	ids := 0
	say := func(chat store.ChatKey, lines ...string) {
		t.Helper()
		for _, l := range lines {
			ids++
			if err := d.Handle(ctx, msg(chat, fmt.Sprint(ids), l)); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Second)
			flush()
		}
	}
	const kept = "Otherowner Keepme"
	others := 0
	another := func() { // another owner registers: traffic between the erased owner's
		others++
		say(store.ChatKey{Channel: "telegram", Address: fmt.Sprint(7391846000 + 7*others)},
			"1", "1", kept+" "+alpha(others), "Usaha "+alpha(others), "1", "abon ikan", "abeli",
			"Jl. Abeli No. 1", fmt.Sprintf("0813%08d", others), "1", "1")
	}
	chat := store.ChatKey{Channel: "telegram", Address: "7391846502"}
	erased := []string{"Wa Ode Zulfikarnain Erasetest", "Tenun Ikat Zulfikarnain Sejahtera",
		"Jl. Erasetest Zulfikarnain", "sarung tenun erasetest", "Zulfikarnain", "Erasetest",
		"81299887766", "9988-7766", "9120456789123", chat.Address}

	for range 10 {
		another()
	}
	say(chat, "1", "1", "Wa Ode Zulfikarnain Erasetest", "Tenun Ikat Zulfikarnain Sejahtera", "2",
		"sarung tenun erasetest", "abeli", "Jl. Erasetest Zulfikarnain No. 987, Kel. Anggoeya", "0812-9988-7766",
		"9120456789123", "1")
	for i := range 5 { // several updates, each leaving copies of the pages in the WAL
		another()
		say(chat, "daftar", "6", fmt.Sprintf("Jl. Erasetest Zulfikarnain No. %d, Kel. Anggoeya", 988+i), "1", "data saya")
	}
	another()
	say(chat, "hapus data saya")
	// Telegram is down: a reminder quoting the owner waits to be retried,
	// another waits for its day.
	rec.mu.Lock()
	rec.fail = func(store.OutboxMessage) error { return bot.Temporary(errors.New("telegram down"), time.Minute) }
	rec.mu.Unlock()
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, r := range []struct {
			key   string
			after time.Duration
		}{{"remind:training:1:owner:11:h-1", 0}, {"remind:training:2:owner:11:h-1", 48 * time.Hour}} {
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: chat, DedupeKey: r.key, NotBefore: clock.Now().Add(r.after),
				CreatedAt: clock.Now(), Reply: store.Reply{Text: "Pengingat pelatihan untuk Wa Ode Zulfikarnain Erasetest"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	flush()
	wantPending(t, db, 2)
	if found := bottest.Readable(t, path, erased); len(found) < len(erased) {
		t.Fatalf("before the erasure only %v are readable: the test cannot see the data", found)
	}
	before := len(rec.texts())

	say(chat, "ya") // the erasure, while Telegram is still down
	another()
	rec.mu.Lock()
	rec.fail = nil
	rec.mu.Unlock()
	clock.Advance(72 * time.Hour)
	flush()
	flush()

	var after []string
	rec.mu.Lock()
	for _, m := range rec.got[before:] {
		if m.Chat == chat {
			after = append(after, m.Reply.Text)
		}
	}
	rec.mu.Unlock()
	if len(after) != 1 || !strings.Contains(after[0], "Data Anda sudah dihapus") {
		t.Fatalf("after the erasure the chat was sent %q, want only the goodbye", after)
	}
	for _, table := range []string{"contacts", "sessions", "inbound", "outbox"} {
		if n, err := db.CountChat(ctx, table, chat); err != nil || n != 0 {
			t.Errorf("%s: %d rows of the erased chat (%v), want none", table, n, err)
		}
	}
	if found := bottest.Readable(t, path, erased); len(found) > 0 {
		t.Errorf("erased data still readable: %v", found)
	}
	if found := bottest.Readable(t, path, []string{kept}); len(found) == 0 {
		t.Error("other owners' data not found either: the test cannot see data")
	}
}
