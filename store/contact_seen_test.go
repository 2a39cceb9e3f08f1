package store_test

import (
	"context"
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
