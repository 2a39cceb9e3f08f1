package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sobat-ikm/store"
)

func open(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// dueRows is ReadTx.DueOutbox in a View of its own.
func dueRows(db *store.DB, channel, address string, now time.Time, limit int) (rows []store.OutboxMessage, err error) {
	err = db.View(context.Background(), func(tx *store.ReadTx) error {
		rows, err = tx.DueOutbox(channel, address, now, limit)
		return err
	})
	return rows, err
}

// hasWritten is ReadTx.ChatHasWritten in a View of its own.
func hasWritten(db *store.DB, chat store.ChatKey) (wrote bool, err error) {
	err = db.View(context.Background(), func(tx *store.ReadTx) error {
		wrote, err = tx.ChatHasWritten(chat)
		return err
	})
	return wrote, err
}

var now = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)

func owner(name string) *store.Owner {
	return &store.Owner{Name: name, BusinessName: "Usaha " + name, Sector: "pangan", Products: "abon",
		Kecamatan: "Kadia", Address: "Jl. Bunggasi 1", Phone: "+6281234567890", Language: "id",
		ConsentVersion: "v1", ConsentAt: now, ConsentChannel: "console"}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db := open(t, path)
	chat := store.ChatKey{Channel: "console", Address: "ani"}
	ctx := context.Background()
	o := owner("Ani")
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateOwner(o, chat, now) }); err != nil {
		t.Fatal(err)
	}
	if o.RegNo() != "IKM-000001" {
		t.Errorf("RegNo %q", o.RegNo())
	}
	db.Close()
	db = open(t, path) // migrations already applied: a no-op
	defer db.Close()
	err := db.Update(ctx, func(tx *store.Tx) error {
		got, err := tx.FindOwnerByChat(chat)
		if err != nil {
			return err
		}
		if got.Name != "Ani" || !got.ConsentAt.Equal(now) {
			return fmt.Errorf("got %+v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Concurrent writes are committed together, but one failing caller rolls
// back only its own writes.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "g.db"))
	defer db.Close()
	ctx := context.Background()
	boom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for i := range 50 {
		wg.Go(func() {
			errs[i] = db.Update(ctx, func(tx *store.Tx) error {
				chat := store.ChatKey{Channel: "test", Address: fmt.Sprint(i)}
				if err := tx.CreateOwner(owner(fmt.Sprint("o", i)), chat, now); err != nil {
					return err
				}
				if i%5 == 0 {
					return boom
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i%5 == 0) != errors.Is(err, boom) {
			t.Errorf("update %d: %v", i, err)
		}
	}
	if n, _ := db.Count(ctx, "owners"); n != 40 {
		t.Errorf("%d owners, want 40", n)
	}
	if n, _ := db.Count(ctx, "contacts"); n != 40 {
		t.Errorf("%d contacts, want 40", n)
	}
}

func TestEraseOwnerRemovesPersonalData(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "e.db"))
	defer db.Close()
	ctx := context.Background()
	chat := store.ChatKey{Channel: "console", Address: "ani"}
	other := store.ChatKey{Channel: "console", Address: "budi"}
	o := owner("Ani")
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOwner(o, chat, now); err != nil {
			return err
		}
		if err := tx.CreateOwner(owner("Budi"), other, now); err != nil {
			return err
		}
		if err := tx.SaveSession(store.Session{Chat: chat, Language: "id", Draft: draftJSON(map[string]string{"name": "Ani"}), UpdatedAt: now}); err != nil {
			return err
		}
		_, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Reply: store.Reply{Text: "Nomor HP: +6281234567890"}, NotBefore: now, CreatedAt: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := dueRows(db, "console", "ani", now, 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("due: %v %v", rows, err)
	}
	if err := db.MarkSent(ctx, []int64{rows[0].ID}, now); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		chats, err := tx.EraseOwner(o.ID)
		if err != nil {
			return err
		}
		if len(chats) != 1 || chats[0] != chat {
			return fmt.Errorf("erased chats %v", chats)
		}
		if _, err := tx.FindOwnerByChat(chat); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("owner still found: %v", err)
		}
		s, err := tx.FindSession(chat)
		if err != nil || !s.New {
			return fmt.Errorf("session kept: %+v %v", s, err)
		}
		if _, err := tx.FindOwnerByChat(other); err != nil {
			return fmt.Errorf("another owner was touched: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"owners": 1, "contacts": 1, "outbox": 0} {
		if n, _ := db.Count(ctx, table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
}

func TestPrune(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "p.db"))
	defer db.Close()
	ctx := context.Background()
	chat := store.ChatKey{Channel: "console", Address: "ani"}
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.RecordInbound(chat, "old", now.Add(-8*24*time.Hour)); err != nil {
			return err
		}
		_, err := tx.RecordInbound(chat, "new", now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.PruneInbound(ctx, now.Add(-7*24*time.Hour)); err != nil || n != 1 {
		t.Errorf("pruned %d (%v), want 1", n, err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		fresh, err := tx.RecordInbound(chat, "new", now)
		if fresh {
			return errors.New("a kept id was taken as new")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Several processes starting at once on a new file apply the schema once.
func TestConcurrentOpenOfNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			db, err := store.Open(context.Background(), path)
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
		}
	}
}

// A panic inside an update becomes its error: the writer is not left
// locked, and the next update works.
func TestPanicInUpdate(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "panic.db"))
	defer db.Close()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOwner(owner("Ani"), store.ChatKey{Channel: "t", Address: "a"}, now); err != nil {
			return err
		}
		panic("boom")
	})
	if err == nil {
		t.Fatal("a panicking update reported success")
	}
	done := make(chan error, 1)
	go func() {
		done <- db.Update(ctx, func(tx *store.Tx) error {
			return tx.CreateOwner(owner("Budi"), store.ChatKey{Channel: "t", Address: "b"}, now)
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the writer stayed locked after a panic")
	}
	if n, _ := db.Count(ctx, "owners"); n != 1 {
		t.Errorf("%d owners, want only Budi", n)
	}
}

// A caller whose context ends does not undo the writes of the others in
// its batch.
func TestCancelledCallerInBatch(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "cancel.db"))
	defer db.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 30)
	for i := range errs {
		wg.Go(func() {
			cctx := ctx
			if i%3 == 0 {
				c, cancel := context.WithCancel(ctx)
				cancel()
				cctx = c
			}
			errs[i] = db.Update(cctx, func(tx *store.Tx) error {
				return tx.CreateOwner(owner(fmt.Sprint("o", i)), store.ChatKey{Channel: "t", Address: fmt.Sprint(i)}, now)
			})
		})
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		if i%3 == 0 && err == nil {
			t.Errorf("update %d with a cancelled context succeeded", i)
		}
		if err == nil {
			ok++
		}
	}
	if n, _ := db.Count(ctx, "owners"); n != ok {
		t.Errorf("%d owners stored, %d updates reported success", n, ok)
	}
}

// However many rows of blocked chats wait, another chat's reply is listed.
func TestDueOutboxHeldRowsDoNotStarve(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "held.db"))
	defer db.Close()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for c := range 10 {
			for range 30 {
				if _, err := tx.Enqueue(store.OutboxMessage{Chat: store.ChatKey{Channel: "t", Address: fmt.Sprint("blocked", c)},
					Reply: store.Reply{Text: "x"}, NotBefore: now, CreatedAt: now}); err != nil {
					return err
				}
			}
		}
		_, err := tx.Enqueue(store.OutboxMessage{Chat: store.ChatKey{Channel: "t", Address: "live"},
			Reply: store.Reply{Text: "reply"}, NotBefore: now, CreatedAt: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 10 {
		if err := db.MarkUnreachable(ctx, store.ChatKey{Channel: "t", Address: fmt.Sprint("blocked", c)}, now); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := dueRows(db, "t", "", now, 256)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Chat.Address != "live" {
		t.Fatalf("due rows %d, want only the live chat's reply", len(rows))
	}
}

// draftJSON is a draft as a flow would keep it.
func draftJSON(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw
}
