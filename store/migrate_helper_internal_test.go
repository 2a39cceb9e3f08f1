package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// migratedTo opens a new database file with its first n migrations
// applied, and returns it with all the migrations.
func migratedTo(t *testing.T, n int) (*sql.DB, []migration) {
	t.Helper()
	w, err := sql.Open("sqlite", WriterDSN(filepath.Join(t.TempDir(), "m.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	limitToOne(w)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		if _, err := applyNext(context.Background(), w, ms[:n]); err != nil {
			t.Fatal(err)
		}
	}
	return w, ms
}
