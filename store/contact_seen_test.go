package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"sobat-ikm/store"
)

func TestChatHasWritten(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "s.db"))
	defer db.Close()
	ctx := context.Background()
	wrote := store.ChatKey{Channel: "whatsapp", Address: "6281200000001@s.whatsapp.net"}
	erased := store.ChatKey{Channel: "whatsapp", Address: "6281200000002@s.whatsapp.net"}
	stranger := store.ChatKey{Channel: "whatsapp", Address: "6281200000003@s.whatsapp.net"}
	other := store.ChatKey{Channel: "telegram", Address: wrote.Address}
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SaveSession(store.Session{Chat: wrote, Language: "id", UpdatedAt: now}); err != nil {
			return err
		}
		_, err := tx.RecordInbound(erased, "ID1", now) // its session was erased
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		chat store.ChatKey
		want bool
	}{{wrote, true}, {erased, true}, {stranger, false}, {other, false}} {
		got, err := hasWritten(db, tc.chat)
		if err != nil || got != tc.want {
			t.Errorf("ChatHasWritten(%s) = %v, %v; want %v", tc.chat.Channel, got, err, tc.want)
		}
	}
	// Once the inbound id is pruned and no session is left, the chat is a
	// stranger again.
	if _, err := db.PruneInbound(ctx, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := hasWritten(db, erased); got {
		t.Error("erased chat still counts as having written after its inbound ids were pruned")
	}
}

// The writer skips recording the last use of a chat it knows has no
// owner; once the chat registers, its next message is recorded, in the
// same transaction as in the next.
func TestLastSeenAfterRegistering(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "seen.db"))
	defer db.Close()
	ctx := context.Background()
	chat := store.ChatKey{Channel: "telegram", Address: "71"}
	var id int64
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.RecordInbound(chat, "1", now); err != nil {
			return err
		}
		if _, err := tx.FindOwnerByChat(chat); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("owner before registering: %v", err)
		}
		if _, err := tx.RecordInbound(chat, "2", now.Add(time.Minute)); err != nil {
			return err
		}
		o := owner("Wa Ode")
		if err := tx.CreateOwner(o, chat, now.Add(time.Minute)); err != nil {
			return err
		}
		id = o.ID
		_, err := tx.RecordInbound(chat, "3", now.Add(2*time.Minute))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := func() time.Time {
		var cs []store.Contact
		if err := db.View(ctx, func(tx *store.ReadTx) error {
			var err error
			cs, err = tx.FindContactsByOwner(id)
			return err
		}); err != nil || len(cs) != 1 {
			t.Fatalf("contacts %v, %v", cs, err)
		}
		return cs[0].LastSeenAt
	}
	if got := seen(); !got.Equal(now.Add(2 * time.Minute)) {
		t.Errorf("last seen %v, want the message after registering (%v)", got, now.Add(2*time.Minute))
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.RecordInbound(chat, "4", now.Add(3*time.Minute))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := seen(); !got.Equal(now.Add(3 * time.Minute)) {
		t.Errorf("last seen %v, want the next transaction's message", got)
	}
}
