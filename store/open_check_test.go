package store_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sobat-ikm/store"
)

// A database truncated to 0 bytes is refused, not started afresh, and is
// left as it was, with the log beside it.
func TestOpenRefusesEmptyFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sobat-ikm.db")
	db := open(t, path)
	if err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.CreateOwner(owner("Ani"), store.ChatKey{Channel: "console", Address: "ani"}, now)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}

	_, err := store.Open(ctx, path)
	if !errors.Is(err, store.ErrEmptyDatabase) {
		t.Fatalf("Open of a 0-byte file = %v, want ErrEmptyDatabase", err)
	}
	for _, s := range []string{path, "0 bytes", "may be lost", "backup", "new, empty database", "move " + path} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message lacks %q:\n%s", s, err)
		}
	}
	if strings.Contains(err.Error(), "Keep") {
		t.Errorf("message speaks of a log that is not there:\n%s", err)
	}
	assertUntouched(t, path, nil)
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a -wal file was created (%v)", err)
	}

	// With a log beside it, the log is named and kept.
	wal := bytes.Repeat([]byte("frames"), 100)
	if err := os.WriteFile(path+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, path)
	if !errors.Is(err, store.ErrEmptyDatabase) || !strings.Contains(err.Error(), "Keep "+path+"-wal (600 bytes)") {
		t.Errorf("Open of a 0-byte file with its log = %v, want ErrEmptyDatabase naming the log", err)
	}
	assertUntouched(t, path, nil)
	assertUntouched(t, path+"-wal", wal)
}

// A missing database whose log was left behind is refused too: SQLite
// would delete the log, which may hold the latest changes.
func TestOpenRefusesLeftoverWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sobat-ikm.db")
	wal := bytes.Repeat([]byte("frames"), 10)
	if err := os.WriteFile(path+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(ctx, path)
	if !errors.Is(err, store.ErrLeftoverWAL) {
		t.Fatalf("Open beside a leftover log = %v, want ErrLeftoverWAL", err)
	}
	for _, s := range []string{path + "-wal (60 bytes)", "backup", "new, empty database"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message lacks %q:\n%s", s, err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the database was created (%v)", err)
	}
	assertUntouched(t, path+"-wal", wal)

	// An empty log holds nothing: a new database starts.
	if err := os.WriteFile(path+"-wal", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	open(t, path).Close()
}

// A new file is still created without a word.
func TestOpenCreatesNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	open(t, path).Close()
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Errorf("new database: %v, %v", st, err)
	}
	open(t, path).Close() // and reopened
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 2 || entries[0].Name() != "new.db" || entries[1].Name() != "new.db.key" {
		t.Errorf("folder after creating new.db: %v, %v; want new.db and its pseudonym key alone", entries, err)
	}
}

// assertUntouched checks that the file at path still holds want.
func assertUntouched(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s changed: %d bytes, %v; want %d bytes", filepath.Base(path), len(got), err, len(want))
	}
}
