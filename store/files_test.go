package store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// pngBytes is the start of a PNG file: what the content check reads.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 200)...)

// A photo is kept under a generated name, readable by its owner only; a
// file too large or of another kind is refused and nothing is kept; an
// erased owner's files are deleted once the erasure commits.
func TestFilesKeptCheckedAndErased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	db := open(t, path)
	defer db.Close()
	f, err := db.SaveFile(bytes.NewReader(pngBytes), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "image/png" || f.Size != int64(len(pngBytes)) || !strings.HasSuffix(f.Name, ".png") || strings.ContainsAny(f.Name, "/\\") {
		t.Errorf("kept: %+v", f)
	}
	info, err := os.Stat(filepath.Join(db.FilesDir(), f.Name))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the file: %v %v", info, err)
	}
	if _, err := db.SaveFile(bytes.NewReader(append([]byte("MZ\x90\x00"), make([]byte, 600)...)), store.MaxFileSize); !errors.Is(err, store.ErrFileType) {
		t.Errorf("a program: %v", err)
	}
	if _, err := db.SaveFile(bytes.NewReader(pngBytes), 100); !errors.Is(err, store.ErrFileTooLarge) {
		t.Errorf("too large: %v", err)
	}
	if entries, _ := os.ReadDir(db.FilesDir()); len(entries) != 1 {
		t.Errorf("%d files kept, want the one photo", len(entries))
	}
	for _, bad := range []string{"../f.db", "", ".hidden", "a/b"} {
		if _, err := db.OpenFile(bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("OpenFile(%q): %v", bad, err)
		}
	}
	rc, err := db.OpenFile(f.Name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, pngBytes) {
		t.Error("the file read back differs")
	}

	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	o := store.Owner{Name: "Sitti", BusinessName: "Abon Sitti", Sector: "pangan", Kecamatan: "Kadia", Address: "Jl. 1",
		Phone: "+6281234567890", Language: "id", ConsentVersion: "v2", ConsentAt: now}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateOwner(&o, store.ChatKey{Channel: "telegram", Address: "1"}, now); err != nil {
			return err
		}
		tk, err := tx.OpenTicket(o.ID, now)
		if err != nil {
			return err
		}
		return tx.AddTicketMessage(&store.TicketMessage{TicketID: tk.ID, Author: store.AuthorOwner, Body: "foto alat", File: f.Name, FileType: f.Type, At: now})
	})
	update(t, db, func(tx *store.Tx) error { _, err := tx.EraseOwner(o.ID); return err })
	if _, err := os.Stat(filepath.Join(db.FilesDir(), f.Name)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the erased owner's photo is still there: %v", err)
	}
	for _, table := range []string{"tickets", "ticket_messages"} {
		err := db.View(context.Background(), func(tx *store.ReadTx) error {
			n, err := tx.Count(table)
			if n != 0 {
				t.Errorf("%d %s left", n, table)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A file no ticket message names (its message dropped as a duplicate)
// is swept once it is old enough; one a message names stays.
func TestSweepFiles(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "s.db"))
	defer db.Close()
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	kept, err := db.SaveFile(bytes.NewReader(pngBytes), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := db.SaveFile(bytes.NewReader(pngBytes), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	o := store.Owner{Name: "Sitti", BusinessName: "Abon Sitti", Sector: "pangan", Kecamatan: "Kadia", Address: "Jl. 1",
		Phone: "+6281234567890", Language: "id", ConsentVersion: "v2", ConsentAt: now}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateOwner(&o, store.ChatKey{Channel: "telegram", Address: "1"}, now); err != nil {
			return err
		}
		tk, err := tx.OpenTicket(o.ID, now)
		if err != nil {
			return err
		}
		return tx.AddTicketMessage(&store.TicketMessage{TicketID: tk.ID, Author: store.AuthorOwner, File: kept.Name, FileType: kept.Type, At: now})
	})
	if n, err := db.SweepFiles(context.Background(), time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("a new file swept: %d %v", n, err)
	}
	if n, err := db.SweepFiles(context.Background(), time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("swept %d (%v), want the one no message names", n, err)
	}
	for name, want := range map[string]bool{kept.Name: true, orphan.Name: false} {
		_, err := os.Stat(filepath.Join(db.FilesDir(), name))
		if (err == nil) != want {
			t.Errorf("%s: %v, want kept %v", name, err, want)
		}
	}
}
