package store

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Errors of checkBeforeOpen: Open refuses the file and changes nothing.
var (
	ErrEmptyDatabase = errors.New("store: the database file is empty")
	ErrLeftoverWAL   = errors.New("store: the database file is missing but its write-ahead log is not")
)

// checkBeforeOpen refuses what SQLite would silently turn into a new,
// empty database, before SQLite touches anything:
//
//   - a file that exists with 0 bytes: it was truncated or overwritten, and
//     the owners' data is gone from it;
//   - a missing file whose write-ahead log (<path>-wal) is left with data:
//     the database was moved or deleted without it.
//
// In both cases SQLite would also delete the -wal file, which may hold the
// latest changes (all of them when no checkpoint ran), so nothing here
// opens the database. A missing file without a leftover log is a new
// database: it is created by createNew, never seen empty by another
// process starting at the same time.
func checkBeforeOpen(path string) error {
	wal := path + "-wal"
	walSize := fileSize(wal)
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && walSize > 0:
		return fmt.Errorf("%w: %s does not exist, but %s (%d bytes) does: the database was moved or deleted without its log, "+
			"which may hold its latest changes. Nothing was opened or changed. Put the database file back beside its log, "+
			"or restore it from a backup; to start with a new, empty database instead, move %s and %s-shm out of the folder and start again",
			ErrLeftoverWAL, path, wal, walSize, wal, path)
	case errors.Is(err, fs.ErrNotExist):
		return createNew(path)
	case err != nil:
		return fmt.Errorf("store: open %s: %w", path, err)
	case st.Mode().IsRegular() && st.Size() == 0:
		msg := fmt.Sprintf("%s exists but has 0 bytes: it was truncated or overwritten, and the data it held may be lost. "+
			"Nothing was opened or changed. Restore it from a backup; to start with a new, empty database instead, "+
			"move %s (and %s and %s-shm, if there) out of the folder and start again", path, path, wal, path)
		if walSize > 0 {
			msg += fmt.Sprintf(". Keep %s (%d bytes) with the empty file: it may hold the latest changes, and opening the empty database would delete it", wal, walSize)
		}
		return fmt.Errorf("%w: %s", ErrEmptyDatabase, msg)
	}
	return nil
}

// createNew creates an empty database at path that is never seen with 0
// bytes: SQLite writes its first page under a temporary name, and the file
// is then linked into place. When another process created path first, its
// file is kept. Where hard links are not supported, SQLite creates the
// file itself on open, as it would without this (two processes starting
// at once on a new file may then see it empty).
func createNew(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
	}()
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", WriterDSN(tmp))
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	err = db.Ping() // the connection's journal_mode(WAL) writes the first page
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	// On ErrExist another process created path first, and its file is
	// kept; on any other error (no hard links here) SQLite creates the
	// file on open.
	_ = os.Link(tmp, path)
	return nil
}

// fileSize is the size of the file at path, or -1 when it cannot be
// read.
func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return st.Size()
}
