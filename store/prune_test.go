package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"sobat-ikm/store"
)

// The janitor's sweeps delete, chunk after chunk, every old row and no
// other: more old rows than one chunk holds, among recent ones.
func TestPruneInChunks(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "p.db"))
	defer db.Close()
	ctx := context.Background()
	old, recent := now.AddDate(0, 0, -30), now
	const oldRows = 1234
	var ids []int64
	err := db.Update(ctx, func(tx *store.Tx) error {
		ids = ids[:0]
		for i := range oldRows + 3 {
			at := old
			if i >= oldRows {
				at = recent
			}
			chat := store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i % 97)}
			if _, err := tx.RecordInbound(chat, fmt.Sprint("m", i), at); err != nil {
				return err
			}
			id, err := tx.EnqueueID(store.OutboxMessage{Chat: chat, Reply: store.Reply{Text: "x"}, NotBefore: at, CreatedAt: at})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, ids[:oldRows], old); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, ids[oldRows:], recent); err != nil {
		t.Fatal(err)
	}
	before := now.AddDate(0, 0, -7)
	if n, err := db.PruneInbound(ctx, before); err != nil || n != oldRows {
		t.Errorf("PruneInbound = %d, %v; want %d", n, err, oldRows)
	}
	if n, err := db.PruneOutbox(ctx, before); err != nil || n != oldRows {
		t.Errorf("PruneOutbox = %d, %v; want %d", n, err, oldRows)
	}
	for _, table := range []string{"inbound", "outbox"} {
		if n, err := db.Count(ctx, table); err != nil || n != 3 {
			t.Errorf("%s: %d rows left (%v), want the 3 recent", table, n, err)
		}
	}
}
