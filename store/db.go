package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver; the only driver this program uses
)

// DB is the program's database: one writer connection, used by one
// transaction at a time, and a pool of read-only connections.
type DB struct {
	path  string
	pool  *sql.DB    // the writer's pool, holding just wconn; replaced by Reopen
	wconn *sql.Conn  // the one writer connection; nil when Reopen could not open it
	wmu   sync.Mutex // held by the goroutine committing a batch
	qmu   sync.Mutex // guards queue and leading
	queue []*writeReq
	// leading: a request is committing a batch, or handed over to the
	// next; requests queued meanwhile wait to be committed by it or led.
	leading bool
	batches atomic.Int64 // transactions committed or tried, for tests
	// pauseGen counts the writes of channels' pauses (PauseGeneration).
	pauseGen atomic.Int64
	stmts    map[string]*sql.Stmt // query text -> statement prepared on wconn; guarded by wmu
	cache    *rowCache            // the writer's sessions and owners (cache.go); guarded by wmu
	r        *sql.DB
	rmu      sync.Mutex           // guards rstmts
	rstmts   map[string]*sql.Stmt // query text -> statement prepared on the read pool (readStmt)
	pseud    *Pseudonyms
	seal     *sealer // NIKs at rest (seal.go)
	// scrubOwed: a transaction that deleted personal data committed but
	// the files could not be scrubbed yet; Scrub retries. Read at Open
	// (the meta table), since the process may have stopped between such
	// a commit and its scrub. Guarded by wmu.
	scrubOwed bool
}

// pragmas applied to every new connection; a constant, never built from input.
const pragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)"

// WriterDSN is the modernc.org/sqlite data source name for a writer of the
// file at path: WAL, a busy timeout, foreign keys on, synchronous=NORMAL,
// secure_delete and immediate transactions. The WhatsApp device store and
// the benchmark baseline open their files the same way.
//
// secure_delete is ON, not FAST (which leaves freelist pages as they
// were): every deleted row (a pruned message, a replaced draft, an erased
// owner) is overwritten with zeros where it lay, and freed pages too. It
// cannot reach the copies that page rebalancing left in other pages'
// unused space, nor older pages in the WAL: after an erasure, the scrub
// removes those (scrub.go).
func WriterDSN(path string) string {
	return fileURI(path) + "?" + pragmas + "&_pragma=secure_delete(1)&_txlock=immediate"
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Opaque: url.PathEscape(path)}).String()
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if err := checkBeforeOpen(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	limitToOne(w)
	err = migrate(ctx, w)
	w.Close()
	if err != nil {
		return nil, fmt.Errorf("store: migrate %s: %w", path, err)
	}
	key, err := loadKey(KeyPath(path), "pseudonym key")
	if err != nil {
		return nil, err
	}
	pool, wconn, err := openWriter(ctx, path)
	if err != nil {
		return nil, err
	}
	owed, err := scrubOwedAtOpen(ctx, wconn)
	if err != nil {
		wconn.Close()
		pool.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", fileURI(path)+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		wconn.Close()
		pool.Close()
		return nil, fmt.Errorf("store: open reader %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	// A reader opened before the file was repaired or restored is
	// replaced within a minute.
	r.SetConnMaxIdleTime(time.Minute)
	return &DB{path: path, pool: pool, wconn: wconn, r: r, stmts: map[string]*sql.Stmt{}, rstmts: map[string]*sql.Stmt{}, cache: newRowCache(), seal: &sealer{path: DataKeyPath(path)}, pseud: NewPseudonyms(key), scrubOwed: owed}, nil
}

// readers is how many read-only connections are open at most.
const readers = 4

// Pseudonyms gives the chats' pseudonyms for logs, keyed by the secret
// kept beside the database (KeyPath), so that they stay the same across
// restarts and cannot be reversed without the key.
func (db *DB) Pseudonyms() *Pseudonyms { return db.pseud }

// openWriter opens the one writer connection of the file at path.
func openWriter(ctx context.Context, path string) (*sql.DB, *sql.Conn, error) {
	w, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		return nil, nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	limitToOne(w)
	wconn, err := w.Conn(ctx)
	if err != nil {
		w.Close()
		return nil, nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return w, wconn, nil
}

func limitToOne(w *sql.DB) {
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
}

// Close closes the prepared statements and both pools.
func (db *DB) Close() error {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	for _, s := range db.stmts {
		s.Close()
	}
	clear(db.stmts)
	db.rmu.Lock()
	for _, s := range db.rstmts {
		s.Close()
	}
	clear(db.rstmts)
	db.rmu.Unlock()
	if db.wconn == nil {
		return db.r.Close()
	}
	return errors.Join(db.r.Close(), db.wconn.Close(), db.pool.Close())
}

// stmt returns q prepared on the writer connection, preparing it once.
// The caller holds wmu.
func (db *DB) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := db.stmts[q]; ok {
		return s, nil
	}
	s, err := db.wconn.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", q, err)
	}
	db.stmts[q] = s
	return s, nil
}

// Tx is one write transaction. Its methods are the only way to change
// data; it reads with the lookups of a ReadTx (Reader), and sees its own
// writes.
type Tx struct {
	queries
	db *DB
	// scrub: this transaction deleted personal data; once it has
	// committed, the database files are scrubbed (vacuumAndTruncate).
	scrub bool
	// erased, erasedOwners: chats and owners erased in this transaction
	// (see Enqueue).
	erased       map[ChatKey]bool
	erasedOwners map[int64]bool
	// channels: the channels this transaction queued messages for.
	channels []string
	// staged: what this transaction read and wrote of the rows the
	// writer keeps (cache.go); kept once its writes are.
	staged   *cacheStage
	stageVal cacheStage // (staged's storage)
	// buf is scratch space for encoding a row's JSON.
	buf []byte
	// pauses: this transaction wrote a channel's pause.
	pauses bool
}

// Update runs fn as one atomic unit of writes: everything fn wrote is
// committed when it returns nil, and nothing when it returns an error.
//
// Writes run one at a time on the single writer connection, in BEGIN
// IMMEDIATE transactions (so none fails on a lock upgrade). Calls that
// arrive while a transaction is running are committed together in the
// next one (group commit). One caller's failure rolls back only its own
// writes: when one fails, the others' are undone too and run again, each
// inside a savepoint of its own. So fn may run twice, the first run
// rolled back: it must have no effect outside tx but setting its
// results (assigned, not appended to). fn must not call Update.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	db.qmu.Lock()
	db.queue = append(db.queue, req)
	leader := !db.leading
	db.leading = true
	db.qmu.Unlock()
	if !leader {
		if err := <-req.done; err != errLead {
			return err // a leader committed it
		}
		// (the last leader handed over: req is still queued)
	}
	db.qmu.Lock()
	batch := db.queue
	db.queue = nil
	db.qmu.Unlock()
	func() {
		defer db.handOver()
		db.wmu.Lock()
		defer db.wmu.Unlock()
		db.commit(batch)
	}()
	return <-req.done
}

// errLead tells a queued request to lead the next batch.
var errLead = errors.New("store: lead the next batch")

// handOver makes the first request waiting lead the next batch, which
// holds every request that arrived meanwhile. Requests wait for their
// result on their own channel, never for the writer's lock: none
// trickles in between a batch and the next, and batches grow with the
// load.
func (db *DB) handOver() {
	db.qmu.Lock()
	defer db.qmu.Unlock()
	if len(db.queue) > 0 {
		db.queue[0].done <- errLead
	} else {
		db.leading = false
	}
}

// write runs one statement as its own atomic write and returns how many
// rows it changed.
func (db *DB) write(ctx context.Context, q string, args ...any) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// writeReq is one Update waiting for the writer.
type writeReq struct {
	ctx    context.Context
	fn     func(tx *Tx) error
	done   chan error  // its result; or errLead, while it is queued
	scrub  bool        // fn succeeded and asked for a scrub
	pauses bool        // fn wrote a channel's pause
	staged *cacheStage // fn succeeded: what it read and wrote of the cached rows
}

// commit runs a batch of writes in one transaction and reports each
// one's result. The caller holds wmu.
//
// A request whose context has ended is not run. Statements run without
// cancellation: interrupting one would make SQLite roll back the whole
// transaction, the other requests' writes with it.
func (db *DB) commit(batch []*writeReq) {
	db.batches.Add(1)
	bg := context.Background()
	if err := db.begin(bg); err != nil {
		for _, r := range batch {
			r.done <- err
		}
		return
	}
	results := make([]error, len(batch))
	switch {
	case len(batch) == 1:
		if results[0] = batch[0].ctx.Err(); results[0] == nil {
			results[0] = db.run(batch[0])
		}
	case !db.runAll(batch, results):
		// One failed: the batch is undone and run again, each update in a
		// savepoint of its own, so that only its writes are undone.
		db.cache.clear(changesSessions | changesOwners) // (it kept the first run's)
		err := db.rollback(bg)
		if err == nil {
			err = db.begin(bg)
		}
		if err != nil {
			for _, r := range batch {
				r.done <- err
			}
			return
		}
		for i, r := range batch {
			if results[i] = r.ctx.Err(); results[i] == nil {
				results[i] = db.inSavepoint(r)
			}
		}
	}
	if len(batch) == 1 && results[0] != nil {
		if _, rbErr := db.wconn.ExecContext(bg, "ROLLBACK"); rbErr != nil {
			results[0] = errors.Join(results[0], fmt.Errorf("store: rollback: %w", rbErr))
		}
		batch[0].done <- results[0]
		return
	}
	if len(batch) == 1 {
		db.cache.keep(batch[0].staged) // (a batch's are kept as each is released)
	}
	if _, err := db.wconn.ExecContext(bg, "COMMIT"); err != nil {
		db.cache.clear(changesSessions | changesOwners) // it kept what is now rolled back
		db.wconn.ExecContext(bg, "ROLLBACK")
		for i := range results {
			if results[i] == nil {
				results[i] = fmt.Errorf("store: commit: %w", err)
			}
		}
	} else {
		db.scrubAfterCommit(batch, results)
	}
	for _, r := range batch {
		if r.pauses { // (after the commit: see PauseGeneration)
			db.pauseGen.Add(1)
			break
		}
	}
	for i, r := range batch {
		r.done <- results[i]
	}
}

// begin begins the writer's transaction and empties the cache if another
// connection wrote since. The caller holds wmu.
func (db *DB) begin(ctx context.Context) error {
	wconn, err := db.writer(ctx)
	if err == nil {
		_, err = wconn.ExecContext(ctx, "BEGIN IMMEDIATE")
	}
	if err == nil {
		if err = db.checkVersion(ctx); err != nil {
			wconn.ExecContext(ctx, "ROLLBACK")
		}
	}
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	return nil
}

// rollback undoes the writer's transaction. The caller holds wmu.
func (db *DB) rollback(ctx context.Context) error {
	if _, err := db.wconn.ExecContext(ctx, "ROLLBACK"); err != nil {
		return fmt.Errorf("store: rollback: %w", err)
	}
	return nil
}

// runAll runs a batch's requests one after the other without savepoints
// (two statements each, a tenth of a batch's time), keeping what each
// read and wrote for the next; false, at the first that fails: the batch
// must be undone and run again in savepoints (each fn then runs twice).
func (db *DB) runAll(batch []*writeReq, results []error) bool {
	for i, r := range batch {
		if results[i] = r.ctx.Err(); results[i] != nil {
			continue
		}
		if results[i] = db.run(r); results[i] != nil {
			return false
		}
		db.cache.keep(r.staged)
	}
	return true
}

// run calls one request's fn; a panic in it becomes its error, so the
// writer is never left locked nor its transaction open.
func (db *DB) run(r *writeReq) (err error) {
	ctx := r.ctx
	if ctx.Done() != nil {
		ctx = context.WithoutCancel(ctx) // (one that cannot end is used as it is)
	}
	tx := db.newTx(ctx)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: update panicked: %v", p)
		}
		r.scrub = err == nil && tx.scrub
		r.pauses = tx.pauses
		if err == nil {
			r.staged = tx.staged
		}
	}()
	return r.fn(tx)
}

// inSavepoint runs one request of a batch so that its failure undoes only
// its own writes.
func (db *DB) inSavepoint(r *writeReq) error {
	tx := db.newTx(context.Background())
	if _, err := tx.exec("SAVEPOINT write"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	err := db.run(r)
	if err != nil {
		if _, rbErr := tx.exec("ROLLBACK TO write"); rbErr != nil {
			err = errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rbErr))
		}
	}
	if _, relErr := tx.exec("RELEASE write"); relErr != nil {
		err = errors.Join(err, fmt.Errorf("store: release savepoint: %w", relErr))
	}
	if err == nil {
		db.cache.keep(r.staged) // the next request of the batch reads them
	}
	return err
}

// newTx makes a transaction running its statements on the writer, with
// ctx. The caller holds wmu.
func (db *DB) newTx(ctx context.Context) *Tx {
	tx := &Tx{db: db, queries: queries{ctx: ctx, prepare: db.stmt, db: db}}
	tx.w = tx
	return tx
}

func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	tx.forgetChange(q)
	s, err := tx.prepare(tx.ctx, q)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(tx.ctx, args...)
}

// ErrNotFound is returned when a row asked for does not exist.
var ErrNotFound = errors.New("store: not found")

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
