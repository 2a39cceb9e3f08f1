package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"sobat-ikm/store"
)

func TestNIBTaken(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "nib.db"))
	defer db.Close()
	ani, budi := owner("Ani"), owner("Budi")
	ani.NIB = "9120000000001"
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateOwner(ani, store.ChatKey{Channel: "console", Address: "ani"}, now); err != nil {
			return err
		}
		return tx.CreateOwner(budi, store.ChatKey{Channel: "console", Address: "budi"}, now) // no NIB
	})
	err := db.View(context.Background(), func(tx *store.ReadTx) error {
		for _, tc := range []struct {
			nib    string
			except int64
			want   bool
		}{
			{ani.NIB, 0, true},          // a new owner's
			{ani.NIB, budi.ID, true},    // another owner's
			{ani.NIB, ani.ID, false},    // the owner's own
			{"9120000000002", 0, false}, // nobody's
			{"", ani.ID, false},         // no NIB, though Budi has none either
		} {
			if got, err := tx.NIBTaken(tc.nib, tc.except); err != nil || got != tc.want {
				t.Errorf("NIBTaken(%q, %d) = %v, %v; want %v", tc.nib, tc.except, got, err, tc.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
