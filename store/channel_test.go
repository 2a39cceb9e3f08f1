package store_test

import (
	"context"
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
