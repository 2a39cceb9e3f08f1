package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A scrub that a reader blocks fails no erasure: the erasure is committed,
// the scrub is owed, and Scrub does it once the reader is gone.
func TestScrubBlockedByReaderIsOwed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "owed.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Scrub(ctx); err != nil { // the one after Open
		t.Fatalf("first scrub: %v", err)
	}
	if db.scrubOwed {
		t.Fatal("a scrub is still owed after Scrub succeeded")
	}
	chat := ChatKey{Channel: "telegram", Address: "7391846502"}
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	if err := db.Update(ctx, func(tx *Tx) error {
		return tx.SaveSession(Session{Chat: chat, Language: "id", UpdatedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	// A reader (another process, say) holds a snapshot from before the
	// erasure; the writer waits for it only briefly here.
	if _, err := db.wconn.ExecContext(ctx, "PRAGMA busy_timeout = 50"); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", fileURI(path)+"?"+pragmas)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	reader, err := other.BeginTx(ctx, nil) // deferred: the SELECT takes the snapshot
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}

	if err := db.Update(ctx, func(tx *Tx) error { return tx.EraseChat(chat) }); err != nil {
		t.Fatalf("the erasure failed because its scrub could not run: %v", err)
	}
	if !db.scrubOwed {
		t.Fatal("the blocked scrub is not owed")
	}
	if err := db.Scrub(ctx); err == nil {
		t.Fatal("Scrub succeeded while the reader still holds its snapshot")
	}
	reader.Rollback()
	if err := db.Scrub(ctx); err != nil {
		t.Fatalf("Scrub after the reader left: %v", err)
	}
	if db.scrubOwed {
		t.Error("a scrub is still owed after Scrub succeeded")
	}
	info, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() != 0 {
		t.Errorf("WAL of %d bytes after the scrub, want 0", info.Size())
	}
}

// A scrub owed when the process stopped (an erasure committed, its scrub
// not done) is done at the next start, and only then: a database with no
// erasure since its last scrub is not rewritten at every start.
func TestScrubOwedSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !db.scrubOwed {
		t.Error("a new database: the migration marks one scrub owed")
	}
	if err := db.Scrub(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if db.scrubOwed {
		t.Error("no erasure since the last scrub, yet one is owed at start")
	}
	// An erasure whose scrub never ran (the process was killed between
	// the commit and the scrub): simulated by writing its record alone.
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO meta (key, value) VALUES ('scrub_owed', '1')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.scrubOwed {
		t.Error("the scrub owed by an erasure was forgotten across a restart")
	}
}
