package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
)

// SQLite's primary result codes for a database that cannot be written
// (https://sqlite.org/rescode.html); extended codes keep them in the low
// byte.
const (
	codePerm     = 3
	codeBusy     = 5
	codeLocked   = 6
	codeNoMem    = 7
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeProtocol = 15
	codeNotADB   = 26
)

// Fault describes why the database cannot be written, for the operator:
// what is wrong and what to do. It is nil for errors that say nothing
// about the storage (a bug, a constraint, a cancelled caller).
type Fault struct {
	// Problem says what is wrong, Remedy what the operator should do.
	Problem, Remedy string
	// Reopen: the connection must be opened again to see a repaired file
	// (a file made writable again, a restored copy).
	Reopen bool
}

// FaultOf reads err: a Fault when the database file or its disk cannot be
// written now, nil otherwise. A message that failed with a Fault was not
// saved and is worth trying again once the storage is repaired; any
// other error would fail again.
func FaultOf(err error) *Fault {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code() & 0xff {
	case codeReadOnly, codePerm:
		return &Fault{Problem: "the database file is read-only", Reopen: true,
			Remedy: "give the user running sobat-ikm write permission on the database file, its -wal and -shm files and their folder"}
	case codeFull:
		return &Fault{Problem: "the disk (or the database's size limit) is full",
			Remedy: "free disk space on the database's file system"}
	case codeCorrupt, codeNotADB:
		return &Fault{Problem: "the database file is damaged", Reopen: true,
			Remedy: "stop sobat-ikm, keep a copy of the damaged files, and restore the latest backup (or recover it with sqlite3 .recover), then start again"}
	case codeIOErr, codeCantOpen, codeProtocol, codeNoMem:
		return &Fault{Problem: "the database file cannot be read or written (I/O error)", Reopen: true,
			Remedy: "check that the disk has free space (df) and no errors (dmesg), that no file size limit applies (ulimit -f), and that the database file still exists"}
	case codeBusy, codeLocked:
		return &Fault{Problem: "another process holds the database's write lock",
			Remedy: "stop the other program writing to the database file"}
	}
	return nil
}

// Reopen closes the database's connections and opens the writer again,
// so that a file made writable again or restored from a backup is seen.
// Statements prepared on the old connection are dropped.
//
// SQLite shares one handle on the -shm file among all of a process's
// connections to the file, opened read-only when the file was: a writer
// opened while any connection from that time is still open (the old
// writer, an idle reader) shares the read-only handle and fails like the
// old one. So every connection is closed first, the readers' idle ones
// too (the pool opens new ones); when the writer cannot be opened now,
// the next Update tries again and fails with why.
func (db *DB) Reopen(ctx context.Context) error {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	for _, s := range db.stmts {
		s.Close()
	}
	clear(db.stmts)
	db.cache.clear(changesSessions | changesOwners)
	db.cache.known = false
	if db.wconn != nil {
		db.wconn.Close()
		db.pool.Close()
		db.pool, db.wconn = nil, nil
	}
	db.r.SetMaxIdleConns(0)
	db.r.SetMaxIdleConns(readers)
	if _, err := db.writer(ctx); err != nil {
		return fmt.Errorf("store: reopen: %w", err)
	}
	return nil
}

// writer returns the writer connection, opening it when Reopen could
// not. The caller holds wmu.
func (db *DB) writer(ctx context.Context) (*sql.Conn, error) {
	if db.wconn == nil {
		pool, wconn, err := openWriter(ctx, db.path)
		if err != nil {
			return nil, err
		}
		db.pool, db.wconn = pool, wconn
	}
	return db.wconn, nil
}
