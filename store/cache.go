package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// The writer keeps the sessions and the owners of the chats it has read
// or written lately, so that a message's turn does not read again what
// the previous turn of the chat left. It stays coherent because every
// write goes through the one writer connection:
//   - a turn's reads and writes are staged in its Tx, and kept only once
//     its savepoint is released (ROLLBACK TO drops them); a batch that
//     fails to commit empties the cache;
//   - a statement that changes sessions, owners or contacts other than
//     the few that say what they changed (cacheAware) empties the part
//     it may have changed;
//   - another connection's commit (the command line in another process)
//     changes PRAGMA data_version, checked at every BEGIN: the cache is
//     emptied.
//
// Its size is bounded (cacheMax entries of each kind): memory stays flat
// however many owners there are.

// cacheMax is how many sessions, and owners, the writer keeps at most.
const cacheMax = 4096

// rowCache is the writer's cache. Guarded by DB.wmu (only the writer
// uses it), except stmtKinds, which has its own lock.
type rowCache struct {
	sessions map[ChatKey]Session
	// owners: the chat's owner; a zero Owner (ID 0) when it has none.
	owners  map[ChatKey]Owner
	version int64 // PRAGMA data_version at the last BEGIN
	known   bool  // version was read

	kindMu    sync.Mutex
	stmtKinds map[string]stmtKind // what a statement text may change
}

func newRowCache() *rowCache {
	return &rowCache{sessions: map[ChatKey]Session{}, owners: map[ChatKey]Owner{}, stmtKinds: map[string]stmtKind{}}
}

// stmtKind says which cached rows a statement may change.
type stmtKind uint8

const (
	changesSessions stmtKind = 1 << iota
	changesOwners
)

// kindOf classifies a statement text, once per text.
func (c *rowCache) kindOf(q string) stmtKind {
	c.kindMu.Lock()
	defer c.kindMu.Unlock()
	if k, ok := c.stmtKinds[q]; ok {
		return k
	}
	var k stmtKind
	if first, _, _ := strings.Cut(strings.TrimSpace(q), " "); !strings.EqualFold(first, "SELECT") {
		if strings.Contains(q, "sessions") {
			k |= changesSessions
		}
		if strings.Contains(q, "owners") || strings.Contains(q, "contacts") {
			k |= changesOwners
		}
	}
	c.stmtKinds[q] = k
	return k
}

// clear empties the cache.
func (c *rowCache) clear(k stmtKind) {
	if k&changesSessions != 0 {
		clear(c.sessions)
	}
	if k&changesOwners != 0 {
		clear(c.owners)
	}
}

// keep takes in what a turn whose writes are kept read and wrote.
func (c *rowCache) keep(s *cacheStage) {
	if s == nil {
		return
	}
	for chat, v := range s.sessions {
		if len(c.sessions) >= cacheMax {
			clear(c.sessions)
		}
		c.sessions[chat] = v
	}
	for chat, v := range s.owners {
		if len(c.owners) >= cacheMax {
			clear(c.owners)
		}
		c.owners[chat] = v
	}
}

// checkVersion empties the cache when another connection has committed
// since the last check. The caller has begun the writer's transaction.
func (db *DB) checkVersion(ctx context.Context) error {
	var v int64
	if err := db.wconn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return fmt.Errorf("store: data version: %w", err)
	}
	c := db.cache
	if !c.known || v != c.version {
		c.clear(changesSessions | changesOwners)
	}
	c.version, c.known = v, true
	return nil
}

// cacheStage is what one turn read and wrote of the cached rows.
type cacheStage struct {
	sessions map[ChatKey]Session
	owners   map[ChatKey]Owner
}

// stage returns the transaction's stage, made on first use.
func (tx *Tx) stage() *cacheStage {
	if tx.staged == nil {
		tx.stageVal = cacheStage{sessions: make(map[ChatKey]Session, 1), owners: make(map[ChatKey]Owner, 1)}
		tx.staged = &tx.stageVal
	}
	return tx.staged
}

// cachedSession and cachedOwner look the chat's session and owner up in
// the transaction's stage, then in the writer's cache.
func (tx *Tx) cachedSession(chat ChatKey) (Session, bool) {
	if tx.staged != nil {
		if s, ok := tx.staged.sessions[chat]; ok {
			return s, true
		}
	}
	s, ok := tx.db.cache.sessions[chat]
	return s, ok
}

func (tx *Tx) cachedOwner(chat ChatKey) (Owner, bool) {
	if tx.staged != nil {
		if o, ok := tx.staged.owners[chat]; ok {
			return o, true
		}
	}
	o, ok := tx.db.cache.owners[chat]
	return o, ok
}

// forgetChange empties what a statement may have changed, in the stage and
// in the cache, unless the statement is one that says itself what it
// changed.
func (tx *Tx) forgetChange(q string) {
	if cacheAware(q) {
		return
	}
	k := tx.db.cache.kindOf(q)
	if k == 0 {
		return
	}
	tx.db.cache.clear(k)
	if tx.staged != nil {
		if k&changesSessions != 0 {
			clear(tx.staged.sessions)
		}
		if k&changesOwners != 0 {
			clear(tx.staged.owners)
		}
	}
}

// forgetOwnerOf drops what is kept of the chat's owner: the chat was just
// linked to an owner.
func (tx *Tx) forgetOwnerOf(chat ChatKey) {
	delete(tx.db.cache.owners, chat)
	if tx.staged != nil {
		delete(tx.staged.owners, chat)
	}
}

// cacheAware reports whether q is a statement that says itself what it
// changed of the cached rows (SaveSession, CreateOwner, CreateContact,
// touchContact).
func cacheAware(q string) bool {
	switch q {
	case saveSessionSQL, createOwnerSQL, linkContactSQL, createContactSQL, touchContactSQL:
		return true
	}
	return false
}
