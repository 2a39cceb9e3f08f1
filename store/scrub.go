package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Erased data must not stay readable in the database files (UU PDP): a
// transaction that deletes personal data calls oweScrub, and once it has
// committed the files are scrubbed.

// oweScrub asks for the files to be scrubbed once the transaction
// commits, and records in it that a scrub is owed, so that a process
// stopped before the scrub scrubs at its next start.
func (tx *Tx) oweScrub() error {
	if tx.scrub {
		return nil
	}
	if _, err := tx.exec(`INSERT INTO meta (key, value) VALUES ('scrub_owed', '1') ON CONFLICT (key) DO NOTHING`); err != nil {
		return fmt.Errorf("record scrub owed: %w", err)
	}
	tx.scrub = true
	return nil
}

// scrubOwedAtOpen reads whether an erasure committed without its scrub.
func scrubOwedAtOpen(ctx context.Context, c *sql.Conn) (bool, error) {
	var owed bool
	err := c.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'scrub_owed')`).Scan(&owed)
	if err != nil {
		return false, fmt.Errorf("store: read scrub owed: %w", err)
	}
	return owed, nil
}

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
			db.scrubOwed = db.scrubFiles() != nil
			return
		}
	}
}

// Scrub retries a scrub of the database files that failed after an
// erasure committed (e.g. a reader held an old snapshot for longer than
// the busy timeout, or the disk was full); the first call after Open
// scrubs if the process stopped between an erasure's commit and its
// scrub. It returns nil when none is owed or this one
// succeeded; otherwise erased data may still be read in the files: the
// caller should log the error and call Scrub again later.
func (db *DB) Scrub(ctx context.Context) error {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	if !db.scrubOwed || ctx.Err() != nil {
		return ctx.Err()
	}
	if _, err := db.writer(ctx); err != nil {
		return fmt.Errorf("store: scrub: %w", err)
	}
	err := db.scrubFiles()
	db.scrubOwed = err != nil
	return err
}

// scrubFiles scrubs the files, then records that no scrub is owed. The
// caller holds wmu.
func (db *DB) scrubFiles() error {
	bg := context.Background()
	if err := db.deleteOwedFiles(bg); err != nil {
		return err
	}
	if err := db.vacuumAndTruncate(); err != nil {
		return err
	}
	if _, err := db.wconn.ExecContext(bg, `DELETE FROM meta WHERE key = 'scrub_owed'`); err != nil {
		return fmt.Errorf("store: scrub: %w", err)
	}
	// The deletion wrote a frame (no personal data in it): empty the WAL
	// again, a cheap checkpoint of one page.
	if _, err := db.wconn.ExecContext(bg, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("store: scrub: checkpoint: %w", err)
	}
	return nil
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
