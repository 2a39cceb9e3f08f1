package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// Updates that arrive while a batch commits are all committed in the next
// one, however they arrive: none waits for the writer's lock on its own,
// so none is left for a batch of its own.
func TestGroupCommitTakesEveryWaitingUpdate(t *testing.T) {
	ctx := context.Background()
	db, release, first := holdWriter(t)
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = db.Update(ctx, func(tx *Tx) error {
				_, err := tx.exec(`INSERT INTO meta (key, value) VALUES (?, 'x')`, fmt.Sprintf("g%d", i))
				return err
			})
		})
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		db.qmu.Lock()
		queued := len(db.queue)
		db.qmu.Unlock()
		if queued == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d updates queued", queued, n)
		}
		time.Sleep(time.Millisecond)
	}
	before := db.batches.Load()
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
	}
	if got := db.batches.Load() - before; got != 1 {
		t.Errorf("%d waiting updates committed in %d transactions, want 1", n, got)
	}
	var count int
	if err := db.View(ctx, func(tx *ReadTx) error {
		row, err := tx.queryRow(`SELECT COUNT(*) FROM meta WHERE key LIKE 'g%'`)
		if err != nil {
			return err
		}
		return row.Scan(&count)
	}); err != nil || count != n {
		t.Fatalf("%d rows (%v), want %d", count, err, n)
	}
	db.qmu.Lock()
	defer db.qmu.Unlock()
	if db.leading || len(db.queue) != 0 {
		t.Errorf("after the last batch: leading %v, %d queued", db.leading, len(db.queue))
	}
}

// holdWriter opens a new database whose writer an update holds until
// release is closed (its result then comes on first), so that the
// updates a test makes meanwhile wait, queued, for one batch.
func holdWriter(t *testing.T) (db *DB, release chan struct{}, first <-chan error) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	release = make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(ctx, func(tx *Tx) error {
			<-release // holds the writer while the others arrive
			return nil
		})
	}()
	waitLeading(t, db)
	return db, release, done
}

func waitLeading(t *testing.T, db *DB) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		db.qmu.Lock()
		l := db.leading && len(db.queue) == 0
		db.qmu.Unlock()
		if l {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the first update never took the writer")
		}
		time.Sleep(time.Millisecond)
	}
}

// In a batch, updates run without savepoints; when one fails, the batch
// is undone and run again with a savepoint each: the failing update's
// writes are undone, every other's committed once.
func TestGroupCommitFailureRunsBatchAgain(t *testing.T) {
	ctx := context.Background()
	db, release, first := holdWriter(t)
	const n = 10
	const failing = 4
	var mu sync.Mutex
	runs := map[int]int{}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = db.Update(ctx, func(tx *Tx) error {
				mu.Lock()
				runs[i]++
				mu.Unlock()
				if _, err := tx.exec(`INSERT INTO meta (key, value) VALUES (?, 'x')`, fmt.Sprintf("f%d", i)); err != nil {
					return err
				}
				if i == failing {
					return fmt.Errorf("update %d fails", i)
				}
				return nil
			})
		})
		for deadline := time.Now().Add(5 * time.Second); ; { // (queued in order)
			db.qmu.Lock()
			queued := len(db.queue)
			db.qmu.Unlock()
			if queued == i+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("update %d not queued", i)
			}
			time.Sleep(time.Millisecond)
		}
	}
	close(release)
	<-first
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == failing) {
			t.Errorf("update %d: %v", i, err)
		}
	}
	for i := range n {
		want := 1
		if i <= failing {
			want = 2 // run before the failure, then again
		}
		if runs[i] != want {
			t.Errorf("update %d ran %d times, want %d", i, runs[i], want)
		}
	}
	var keys []string
	if err := db.View(ctx, func(tx *ReadTx) error {
		rows, err := tx.query(`SELECT key FROM meta WHERE key LIKE 'f%' ORDER BY key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			keys = append(keys, k)
		}
		return rows.Err()
	}); err != nil {
		t.Fatal(err)
	}
	if len(keys) != n-1 || slices.Contains(keys, fmt.Sprintf("f%d", failing)) {
		t.Errorf("rows %q, want every update's but the failing one's, once", keys)
	}
}
