package store

import (
	"context"
	"fmt"
)

// Erased data must not stay readable in the database files (UU PDP): a
// transaction that deletes personal data sets Tx.scrub, and once it has
// committed the files are scrubbed.

// scrubAfterCommit scrubs the database files when a request of the
// batch that just committed asked for it, before the callers are told, so
// that once an erasure's Update returns, the data is gone from every
// file. The caller holds wmu.
//
// The writes are committed whatever happens here, so a failed scrub
// fails no request (its caller would apologize for, or retry, work that
// is done); the scrub is owed instead, and Scrub retries it.
func (db *DB) scrubAfterCommit(batch []*writeReq, results []error) {
	for i, r := range batch {
		if r.scrub && results[i] == nil {
			db.scrubOwed = db.vacuumAndTruncate() != nil
			return
		}
	}
}

// Scrub retries a scrub of the database files that failed after an
// erasure committed (e.g. a reader held an old snapshot for longer than
// the busy timeout, or the disk was full); the first call after Open
// scrubs in any case, in case the process stopped between an erasure's
// commit and its scrub. It returns nil when none is owed or this one
// succeeded; otherwise erased data may still be read in the files: the
// caller should log the error and call Scrub again later.
func (db *DB) Scrub(ctx context.Context) error {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	if !db.scrubOwed || ctx.Err() != nil {
		return ctx.Err()
	}
	err := db.vacuumAndTruncate()
	db.scrubOwed = err != nil
	return err
}

// vacuumAndTruncate rewrites the database file and empties the WAL, so
// that rows deleted before can no longer be read in either.
//
// secure_delete zeroes a deleted row where it lies, but not the copies a
// page rebalance may have left behind in a page's unused space (SQLite
// does not clear that space when it rebuilds a page), and the WAL still
// holds older versions of the pages. VACUUM rebuilds every page from the
// live rows only; the checkpoint then copies the new pages into the file,
// cuts the file to its new size and truncates the WAL to zero bytes,
// waiting (busy timeout) for readers still on an older snapshot. It
// costs a rewrite of the whole file, which an erasure, rare, can afford.
// The caller holds wmu, so no transaction is open on the writer.
func (db *DB) vacuumAndTruncate() error {
	bg := context.Background()
	if _, err := db.wconn.ExecContext(bg, "VACUUM"); err != nil {
		return fmt.Errorf("store: scrub: vacuum: %w", err)
	}
	var busy, frames, done int
	err := db.wconn.QueryRowContext(bg, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done)
	if err != nil {
		return fmt.Errorf("store: scrub: checkpoint: %w", err)
	}
	if busy != 0 {
		return fmt.Errorf("store: scrub: checkpoint blocked by a reader (%d of %d frames copied)", done, frames)
	}
	return nil
}
