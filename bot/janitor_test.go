package bot_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// The janitor leaves the first moments after a start to the replies: it
// prunes only once its first wait is over, then every interval. A scrub
// owed (a new file owes one) is done at once.
func TestJanitorWaitsBeforeFirstPrune(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := time.Now().Add(-bot.KeepInbound - time.Hour)
	err = db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.RecordInbound(store.ChatKey{Channel: "console", Address: "a"}, "m1", old)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n, err := db.Count(ctx, "inbound")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	run := func(first time.Duration, stopAfter time.Duration) {
		rctx, cancel := context.WithTimeout(ctx, stopAfter)
		defer cancel()
		bot.RunJanitor(rctx, db, time.Now, first, time.Hour, quietLog())
	}
	run(time.Hour, 200*time.Millisecond)
	if n := count(); n != 1 {
		t.Fatalf("%d inbound ids after a start: pruned before the first wait was over", n)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var owed bool
	if err := raw.QueryRow(`SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'scrub_owed')`).Scan(&owed); err != nil || owed {
		t.Errorf("the new file's scrub still owed (%v) after a start", err)
	}
	run(50*time.Millisecond, 500*time.Millisecond)
	if n := count(); n != 0 {
		t.Fatalf("%d old inbound ids left after the first prune", n)
	}
}
