package flows

import (
	"context"
	"path/filepath"
	"testing"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// engineOnDB is an engine over a new SQLite file in a temp dir, closed
// when the test ends.
func engineOnDB(tb testing.TB) (*Engine, *store.DB) {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "engine.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	cat, err := locales.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return New(cat), db
}
