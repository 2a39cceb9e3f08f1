package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func openCached(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cache.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

var cacheChat = ChatKey{Channel: "telegram", Address: "42"}

func saveStep(t *testing.T, db *DB, step string, fail error) error {
	t.Helper()
	return db.Update(context.Background(), func(tx *Tx) error {
		s, err := tx.FindSession(cacheChat)
		if err != nil {
			return err
		}
		s.Flow, s.Step, s.UpdatedAt = "register", step, time.UnixMilli(1_700_000_000_000)
		if err := tx.SaveSession(s); err != nil {
			return err
		}
		return fail
	})
}

func stepNow(t *testing.T, db *DB) string {
	t.Helper()
	var step string
	err := db.Update(context.Background(), func(tx *Tx) error {
		s, err := tx.FindSession(cacheChat)
		step = s.Step
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return step
}

// A turn that fails leaves nothing of its writes in the cache.
func TestCacheForgetsARolledBackTurn(t *testing.T) {
	db, _ := openCached(t)
	if err := saveStep(t, db, "name", nil); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := saveStep(t, db, "business", boom); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got := stepNow(t, db); got != "name" {
		t.Errorf("step %q after a failed turn, want name", got)
	}
}

// In a batch, a failed request's writes are undone and not kept, and the
// next request reads what the one before it wrote.
func TestCacheInABatch(t *testing.T) {
	db, _ := openCached(t)
	boom := errors.New("boom")
	step := func(name string, fail error) *writeReq {
		return &writeReq{ctx: context.Background(), done: make(chan error, 1), fn: func(tx *Tx) error {
			s, err := tx.FindSession(cacheChat)
			if err != nil {
				return err
			}
			s.Step, s.Misses = name, s.Misses+1
			if err := tx.SaveSession(s); err != nil {
				return err
			}
			return fail
		}}
	}
	batch := []*writeReq{step("a", nil), step("b", boom), step("c", nil)}
	db.wmu.Lock()
	db.commit(batch)
	db.wmu.Unlock()
	for i, want := range []error{nil, boom, nil} {
		if err := <-batch[i].done; !errors.Is(err, want) {
			t.Fatalf("request %d: %v, want %v", i, err, want)
		}
	}
	var s Session
	db.Update(context.Background(), func(tx *Tx) (err error) { s, err = tx.FindSession(cacheChat); return err })
	fresh, err := readBack(db)
	if err != nil {
		t.Fatal(err)
	}
	if s.Step != "c" || s.Misses != 2 || fresh.Step != s.Step || fresh.Misses != s.Misses {
		t.Errorf("cached %q/%d, on disk %q/%d; want c/2 both", s.Step, s.Misses, fresh.Step, fresh.Misses)
	}
}

// readBack reads the session past the cache.
func readBack(db *DB) (Session, error) {
	var s Session
	err := db.View(context.Background(), func(tx *ReadTx) (err error) { s, err = tx.FindSession(cacheChat); return err })
	return s, err
}

// A statement that changes sessions without saying what it changed
// empties the cache.
func TestCacheForgetsOnOtherWrites(t *testing.T) {
	db, _ := openCached(t)
	if err := saveStep(t, db, "name", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write(context.Background(), `UPDATE sessions SET step = 'phone'`); err != nil {
		t.Fatal(err)
	}
	if got := stepNow(t, db); got != "phone" {
		t.Errorf("step %q, want phone", got)
	}
}

// Another process (the command line) writing the same file is seen at
// the writer's next transaction.
func TestCacheSeesAnotherConnection(t *testing.T) {
	db, path := openCached(t)
	ctx := context.Background()
	var found error
	lookup := func() error {
		return db.Update(ctx, func(tx *Tx) error { _, found = tx.FindOwnerByChat(cacheChat); return nil })
	}
	if err := lookup(); err != nil || !errors.Is(found, ErrNotFound) {
		t.Fatalf("%v, %v", err, found)
	}
	if err := saveStep(t, db, "name", nil); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, q := range []string{
		`INSERT INTO owners (id, name, business_name, sector, products, kecamatan, address, phone, nib, binaan, language,
			consent_version, consent_at, consent_channel, created_at, updated_at)
			VALUES (7, 'Wa Ode Sari', 'Abon Sari', 'pangan', 'abon', 'Poasia', 'Jl. 1', '+6281234567890', '', 0, 'id', 'v1', 0, 'telegram', 0, 0)`,
		`INSERT INTO contacts (channel, address, owner_id, created_at, last_seen_at) VALUES ('telegram', '42', 7, 0, 0)`,
		`UPDATE sessions SET step = 'phone'`,
	} {
		if _, err := other.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := lookup(); err != nil || found != nil {
		t.Errorf("owner written by another connection: %v, %v", err, found)
	}
	if got := stepNow(t, db); got != "phone" {
		t.Errorf("step %q, want phone", got)
	}
}

// The cache stays within its bound however many chats write.
func TestCacheIsBounded(t *testing.T) {
	db, _ := openCached(t)
	err := db.Update(context.Background(), func(tx *Tx) error {
		for i := range cacheMax + 10 {
			if _, err := tx.FindSession(ChatKey{Channel: "telegram", Address: string(rune('a'+i%26)) + time.Duration(i).String()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(db.cache.sessions); n > cacheMax {
		t.Errorf("%d sessions kept, bound %d", n, cacheMax)
	}
}
