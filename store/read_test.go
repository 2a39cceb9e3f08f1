package store_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"sobat-ikm/store"
)

// Everything a View reads comes from one snapshot: a write committed
// while it runs is not seen by its later reads, and is seen by the next
// View.
func TestViewReadsOneSnapshot(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "view.db"))
	defer db.Close()
	ctx := context.Background()
	ani := store.ChatKey{Channel: "console", Address: "ani"}
	budi := store.ChatKey{Channel: "console", Address: "budi"}
	update(t, db, func(tx *store.Tx) error { return tx.CreateOwner(owner("Ani"), ani, now) })

	err := db.View(ctx, func(tx *store.ReadTx) error {
		if n, err := tx.Count("owners"); err != nil || n != 1 {
			t.Fatalf("owners = %d, %v before the write; want 1", n, err)
		}
		// The writer is free while the View runs: this commits.
		update(t, db, func(tx *store.Tx) error { return tx.CreateOwner(owner("Budi"), budi, now) })
		if n, err := tx.Count("owners"); err != nil || n != 1 {
			t.Errorf("owners = %d, %v after a write committed meanwhile; want the snapshot's 1", n, err)
		}
		if _, err := tx.FindOwnerByChat(budi); err != store.ErrNotFound {
			t.Errorf("FindOwnerByChat of the owner written meanwhile: %v, want ErrNotFound", err)
		}
		o, err := tx.FindOwnerByChat(ani)
		if err != nil || o.Name != "Ani" {
			t.Errorf("FindOwnerByChat = %q, %v; want Ani", o.Name, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.Count(ctx, "owners"); err != nil || n != 2 {
		t.Errorf("owners = %d, %v in the next View; want 2", n, err)
	}
}

// A View does not wait for the writer: it reads while a write
// transaction is open and holds the writer.
func TestViewBesideOpenWrite(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "beside.db"))
	defer db.Close()
	ctx := context.Background()
	inWrite, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateOwner(owner("Ani"), store.ChatKey{Channel: "console", Address: "ani"}, now); err != nil {
				return err
			}
			close(inWrite)
			<-release
			return nil
		})
	}()
	<-inWrite
	if n, err := db.Count(ctx, "owners"); err != nil || n != 0 {
		t.Errorf("owners = %d, %v while the write is open; want 0 (not committed)", n, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// fn's error comes back as it is.
func TestViewReturnsFnError(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "err.db"))
	defer db.Close()
	err := db.View(context.Background(), func(tx *store.ReadTx) error { return store.ErrNotFound })
	if err != store.ErrNotFound {
		t.Errorf("View = %v, want fn's ErrNotFound", err)
	}
}

// Reader lists every lookup of a ReadTx, so that code written against it
// can use any of them, whichever transaction it is given.
func TestReaderListsEveryLookup(t *testing.T) {
	names := func(ty reflect.Type) []string {
		var out []string
		for m := range ty.Methods() {
			out = append(out, m.Name)
		}
		return out
	}
	lookups, reader := names(reflect.TypeFor[*store.ReadTx]()), names(reflect.TypeFor[store.Reader]())
	if !slices.Equal(lookups, reader) {
		t.Errorf("ReadTx has %v, Reader lists %v", lookups, reader)
	}
}
