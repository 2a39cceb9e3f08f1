package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"sobat-ikm/store"
)

// A notice goes to the chat the owner wrote from last: linking a chat
// counts as writing, and so does every new inbound message, but not a
// duplicate delivery nor a clock set back.
func TestContactsLastSeen(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "c.db"))
	defer db.Close()
	ctx := context.Background()
	tg := store.ChatKey{Channel: "telegram", Address: "42"}
	wa := store.ChatKey{Channel: "whatsapp", Address: "6281234567890@s.whatsapp.net"}
	stranger := store.ChatKey{Channel: "telegram", Address: "43"}
	o := owner("Ani")
	step := func(fn func(tx *store.Tx) error) {
		t.Helper()
		if err := db.Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	first := func(want store.ChatKey, seen time.Time) {
		t.Helper()
		step(func(tx *store.Tx) error {
			cs, err := tx.FindContactsByOwner(o.ID)
			if err != nil {
				return err
			}
			if len(cs) != 2 || cs[0].Chat != want || !cs[0].LastSeenAt.Equal(seen) || cs[0].OwnerID != o.ID {
				t.Errorf("contacts %+v, want %v first, seen %v", cs, want.Channel, seen)
			}
			return nil
		})
	}
	step(func(tx *store.Tx) error { return tx.CreateOwner(o, tg, now) })
	step(func(tx *store.Tx) error { return tx.CreateContact(o.ID, wa, now.Add(time.Minute)) })
	first(wa, now.Add(time.Minute))

	step(func(tx *store.Tx) error {
		fresh, err := tx.RecordInbound(tg, "m1", now.Add(2*time.Minute))
		if !fresh {
			t.Error("first delivery not fresh")
		}
		return err
	})
	first(tg, now.Add(2*time.Minute))

	// A duplicate delivery later, a message from the other chat's past
	// (clock set back), and a stranger's message move nothing.
	step(func(tx *store.Tx) error {
		if fresh, err := tx.RecordInbound(tg, "m1", now.Add(time.Hour)); err != nil || fresh {
			t.Errorf("duplicate: fresh %v, %v", fresh, err)
		}
		if _, err := tx.RecordInbound(wa, "w1", now.Add(-time.Hour)); err != nil {
			return err
		}
		_, err := tx.RecordInbound(stranger, "s1", now.Add(time.Hour))
		return err
	})
	first(tg, now.Add(2*time.Minute))

	step(func(tx *store.Tx) error {
		cs, err := tx.FindContactsByOwner(o.ID + 1)
		if err != nil || len(cs) != 0 {
			t.Errorf("unknown owner: %v, %v", cs, err)
		}
		return nil
	})
}

func TestSetOwnerBinaan(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "b.db"))
	defer db.Close()
	ctx := context.Background()
	o := owner("Ani")
	later := now.Add(time.Hour)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOwner(o, store.ChatKey{Channel: "console", Address: "ani"}, now); err != nil {
			return err
		}
		for _, tc := range []struct {
			on, changed bool
		}{{true, true}, {true, false}, {false, true}, {false, false}, {true, true}} {
			changed, err := tx.SetOwnerBinaan(o.ID, tc.on, later)
			if err != nil || changed != tc.changed {
				t.Errorf("SetOwnerBinaan(%v) = %v, %v; want %v", tc.on, changed, err, tc.changed)
			}
		}
		got, err := tx.FindOwnerByID(o.ID)
		if err != nil {
			return err
		}
		if !got.Binaan || !got.UpdatedAt.Equal(later) {
			t.Errorf("owner %+v, want binaan, updated %v", got, later)
		}
		if _, err := tx.SetOwnerBinaan(o.ID+1, true, later); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown owner: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
