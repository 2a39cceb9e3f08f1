package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A read transaction's connection cannot write, whatever statement runs
// on it.
func TestViewCannotWrite(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "ro.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, func(tx *ReadTx) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('x', 'y')`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("a write in a View: %v, want a read-only error", err)
	}
}
