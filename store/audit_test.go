package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

func TestAuditLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db := open(t, path)
	defer db.Close()
	ctx := context.Background()
	ani, budi := owner("Ani"), owner("Budi")
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOwner(ani, store.ChatKey{Channel: "console", Address: "ani"}, now); err != nil {
			return err
		}
		if err := tx.CreateOwner(budi, store.ChatKey{Channel: "console", Address: "budi"}, now); err != nil {
			return err
		}
		for i, e := range []store.AuditEntry{
			{Actor: "Rina", ActorChannel: "telegram", Action: "owner.binaan.on", SubjectID: ani.ID, Note: "kunjungan ke dapur abon"},
			{Actor: "Anwar", Action: "owner.binaan.on", SubjectID: budi.ID},
			{Actor: "Rina", Action: "owner.binaan.off", SubjectID: ani.ID, Note: "pindah ke Konawe"},
		} {
			e.At, e.SubjectKind = now.Add(time.Duration(i)*time.Minute), store.AuditOwner
			if err := tx.CreateAuditEntry(&e); err != nil {
				return err
			}
			if e.ID != int64(i+1) {
				t.Errorf("entry %d got id %d", i, e.ID)
			}
		}
		all, total, err := tx.FindAuditEntries(store.AuditFilter{})
		if err != nil || total != 3 || len(all) != 3 {
			t.Errorf("all: %d of %d, %v", len(all), total, err)
		}
		got, total, err := tx.FindAuditEntries(store.AuditFilter{SubjectKind: store.AuditOwner, SubjectID: ani.ID, Limit: 1, Offset: 1})
		if err != nil || total != 2 || len(got) != 1 {
			t.Fatalf("Ani's second entry: %+v of %d, %v", got, total, err)
		}
		want := store.AuditEntry{ID: 3, At: now.Add(2 * time.Minute), Actor: "Rina", Action: "owner.binaan.off",
			SubjectKind: store.AuditOwner, SubjectID: ani.ID, Note: "pindah ke Konawe"}
		if got[0] != want {
			t.Errorf("got %+v\nwant %+v", got[0], want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Erasing Ani blanks the notes about her; who did what stays, and
	// Budi's entries are untouched.
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.EraseOwner(ani.ID); return err }); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		all, _, err := tx.FindAuditEntries(store.AuditFilter{})
		if err != nil {
			return err
		}
		for _, e := range all {
			if e.SubjectID == ani.ID && e.Note != "" {
				t.Errorf("note about the erased owner kept: %+v", e)
			}
		}
		if len(all) != 3 || all[0].Actor != "Rina" || all[2].Action != "owner.binaan.off" {
			t.Errorf("entries after the erasure: %+v", all)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Nor do the notes stay readable in the files (the erasure's scrub).
	if found := bottest.Readable(t, path, []string{"kunjungan ke dapur", "pindah ke Konawe"}); len(found) > 0 {
		t.Errorf("erased owner's notes readable: %v", found)
	}
}
