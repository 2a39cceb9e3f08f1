package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"sobat-ikm/store"
)

// A sent row is found again by the platform's id (a retry request), its
// receipts are kept (the first of each) on the row and on the broadcast
// recipient it carried; a pause holds until its end or until lifted.
func TestPlatformIDsReceiptsAndPauses(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "c.db"))
	defer db.Close()
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	chat := store.ChatKey{Channel: "whatsapp", Address: "6281234567890"}
	var id int64
	update(t, db, func(tx *store.Tx) (err error) {
		id, err = tx.EnqueueID(store.OutboxMessage{Chat: chat, Reply: store.Reply{Text: "Halo"}, NotBefore: now, CreatedAt: now})
		return err
	})
	if err := db.MarkSent(ctx, []int64{id}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPlatformID(ctx, id, "3EB0ABC"); err != nil {
		t.Fatal(err)
	}
	err := db.View(ctx, func(tx *store.ReadTx) error {
		m, err := tx.FindSent("whatsapp", "3EB0ABC")
		if err != nil {
			return err
		}
		if m.ID != id || m.Reply.Text != "Halo" || m.Chat != chat {
			t.Errorf("found %+v", m)
		}
		if _, err := tx.FindSent("telegram", "3EB0ABC"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another channel's id: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{now.Add(time.Minute), now.Add(time.Hour)} {
		if err := db.MarkReceipt(ctx, "whatsapp", []string{"3EB0ABC", "unknown"}, store.ReceiptDelivered, at); err != nil {
			t.Fatal(err)
		}
	}
	p := store.Pause{Channel: "whatsapp", Until: now.Add(2 * time.Hour), Reason: "reachout_lock", Since: now}
	if err := db.SetPause(ctx, p); err != nil {
		t.Fatal(err)
	}
	check := func(at time.Time, want bool) {
		t.Helper()
		db.View(ctx, func(tx *store.ReadTx) error {
			got, ok, err := tx.PauseOf("whatsapp", at)
			if err != nil || ok != want || ok && got.Reason != "reachout_lock" {
				t.Errorf("pause at %v: %+v %v %v", at, got, ok, err)
			}
			return nil
		})
	}
	check(now.Add(time.Hour), true)
	check(now.Add(3*time.Hour), false)
	if err := db.LiftPause(ctx, "whatsapp"); err != nil {
		t.Fatal(err)
	}
	check(now.Add(time.Hour), false)
}

// Setting a pause says whether one was in effect already, so that the
// officers are told once per pause; a pause in effect keeps its start and
// is extended, never shortened; one that ended is replaced, with a new
// start.
func TestSetPauseInTransaction(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "p.db"))
	defer db.Close()
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	set := func(p store.Pause) bool {
		t.Helper()
		var already bool
		update(t, db, func(tx *store.Tx) (err error) {
			already, err = tx.SetPause(p)
			return err
		})
		return already
	}
	pauseAt := func(at time.Time) (store.Pause, bool) {
		t.Helper()
		var p store.Pause
		var ok bool
		err := db.View(ctx, func(tx *store.ReadTx) (err error) {
			p, ok, err = tx.PauseOf("whatsapp", at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return p, ok
	}
	if set(store.Pause{Channel: "whatsapp", Until: now.Add(24 * time.Hour), Reason: "reachout_lock", Since: now}) {
		t.Error("first pause: reported one in effect already")
	}
	// A second 463 an hour on: in effect already; it ends later, so the
	// pause is extended and keeps its start.
	if !set(store.Pause{Channel: "whatsapp", Until: now.Add(25 * time.Hour), Reason: "reachout_lock", Since: now.Add(time.Hour)}) {
		t.Error("second pause: not reported in effect")
	}
	if p, ok := pauseAt(now.Add(2 * time.Hour)); !ok || !p.Until.Equal(now.Add(25*time.Hour)) || !p.Since.Equal(now) {
		t.Errorf("extended pause: %+v %v; want until +25h, since the first", p, ok)
	}
	// A shorter temporary ban does not shorten it.
	if !set(store.Pause{Channel: "whatsapp", Until: now.Add(3 * time.Hour), Reason: "temporary_ban:101", Since: now.Add(2 * time.Hour)}) {
		t.Error("ban within the pause: not reported in effect")
	}
	if p, _ := pauseAt(now.Add(4 * time.Hour)); p.Reason != "reachout_lock" || !p.Until.Equal(now.Add(25*time.Hour)) {
		t.Errorf("pause shortened: %+v", p)
	}
	// Once it ended, a new one starts afresh.
	later := now.Add(48 * time.Hour)
	if set(store.Pause{Channel: "whatsapp", Until: later.Add(time.Hour), Reason: "temporary_ban:102", Since: later}) {
		t.Error("pause after the last ended: reported one in effect")
	}
	if p, ok := pauseAt(later); !ok || !p.Since.Equal(later) || p.Reason != "temporary_ban:102" {
		t.Errorf("new pause: %+v %v; want its own start and reason", p, ok)
	}
	// DB.SetPause goes through the same rule; another channel is apart.
	if err := db.SetPause(ctx, store.Pause{Channel: "telegram", Reason: "test", Since: later}); err != nil {
		t.Fatal(err)
	}
	if p, ok := pauseAt(later); !ok || p.Reason != "temporary_ban:102" {
		t.Errorf("another channel's pause changed WhatsApp's: %+v %v", p, ok)
	}
}

// Receipts that come out of order (a read receipt recorded as a delivery
// too, before the delivery receipt itself) keep the earliest time of
// each.
func TestReceiptsKeepEarliest(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	db := open(t, path)
	defer db.Close()
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	var id int64
	update(t, db, func(tx *store.Tx) (err error) {
		id, err = tx.EnqueueID(store.OutboxMessage{Chat: store.ChatKey{Channel: "whatsapp", Address: "62812@s.whatsapp.net"},
			Reply: store.Reply{Text: "Halo"}, NotBefore: now, CreatedAt: now})
		return err
	})
	if err := db.SetPlatformID(ctx, id, "3EB0AAA"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		kind string
		at   time.Time
	}{
		{store.ReceiptDelivered, now.Add(time.Hour)}, // (the read, as a delivery)
		{store.ReceiptRead, now.Add(time.Hour)},
		{store.ReceiptDelivered, now.Add(time.Minute)}, // the delivery receipt, late
		{store.ReceiptRead, now.Add(2 * time.Hour)},
	} {
		if err := db.MarkReceipt(ctx, "whatsapp", []string{"3EB0AAA"}, r.kind, r.at); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite", store.WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var delivered, read int64
	if err := raw.QueryRow(`SELECT delivered_at, read_at FROM outbox WHERE id = ?`, id).Scan(&delivered, &read); err != nil {
		t.Fatal(err)
	}
	if delivered != now.Add(time.Minute).UnixMilli() || read != now.Add(time.Hour).UnixMilli() {
		t.Errorf("delivered %v, read %v; want +1m and +1h", time.UnixMilli(delivered).UTC(), time.UnixMilli(read).UTC())
	}
}
