package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sobat-ikm/store"
)

// A Reopen that cannot open the file leaves no broken writer behind:
// writes fail with a storage Fault (so that the dispatcher holds its
// messages) until the file can be opened, then succeed without another
// Reopen, on the same data.
func TestReopenFailsThenRecovers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db := open(t, path)
	defer db.Close()
	ctx := context.Background()
	record := func(id string) error {
		return db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.RecordInbound(store.ChatKey{Channel: "test", Address: "a"}, id, now)
			return err
		})
	}
	if err := record("1"); err != nil {
		t.Fatal(err)
	}
	// The file moves away and a folder takes its place: it cannot be
	// opened.
	if err := os.Rename(path, path+".away"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := db.Reopen(ctx); err == nil {
		t.Fatal("Reopen of a folder succeeded")
	}
	err := record("2")
	if err == nil || store.FaultOf(err) == nil {
		t.Fatalf("write after a failed Reopen: %v, want a storage fault", err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".away", path); err != nil {
		t.Fatal(err)
	}
	if err := record("2"); err != nil {
		t.Fatalf("write once the file is back: %v", err)
	}
	if n, err := db.Count(ctx, "inbound"); err != nil || n != 2 {
		t.Errorf("%d inbound rows (%v), want 2", n, err)
	}
}
