package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// openAt creates a database file at path with the first n migrations
// only, as an older program left it.
func openAt(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	limitToOne(w)
	for {
		applied, err := applyNext(context.Background(), w, all[:n])
		if err != nil {
			t.Fatal(err)
		}
		if !applied {
			return w
		}
	}
}

// Migration 004 keeps the outbox rows, their ids and states, and gives
// the planned ones their kind from their dedupe key.
func TestMigrateOutboxKinds(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	w := openAt(t, path, 3)
	_, err := w.ExecContext(ctx, `INSERT INTO outbox (id, channel, address, body, dedupe_key, status, not_before,
		next_attempt_at, created_at, sent_at) VALUES
		(7, 'telegram', '1', '{"text":"a reply"}', NULL, 'sent', 1, 1, 1, 2),
		(9, 'telegram', '1', '{"text":"a reminder"}', 'remind:training:1:owner:1:h-1', 'pending', 1, 1, 1, NULL),
		(12, 'whatsapp', '2', '{"text":"a broadcast"}', 'broadcast:3:owner:2', 'pending', 1, 1, 1, NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got []string
	err = db.View(ctx, func(tx *ReadTx) error {
		rows, err := tx.query(`SELECT id || ' ' || kind || ' ' || status || ' ' || COALESCE(owner_id, '-') || ' ' ||
			COALESCE(expires_at, '-') FROM outbox ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			got = append(got, s)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"7 reply sent - -", "9 reminder pending - -", "12 broadcast pending - -"}
	if !slices.Equal(got, want) {
		t.Errorf("rows after the migration %q, want %q", got, want)
	}
}
