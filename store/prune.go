package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The janitor's sweeps. Finding what is old reads a whole table (an index
// on the times would cost every message one more write), so it is read on
// a read connection, beside the writer, a chunk after the other in key
// order; each chunk is then deleted by its keys in a short write of its
// own, so that owners' replies pass between chunks and memory stays flat
// however much is pruned.

// pruneChunk is how many rows one write of a sweep deletes at most.
const pruneChunk = 500

// inboundKey is the key of an inbound row.
type inboundKey struct {
	Channel string `json:"c"`
	Address string `json:"a"`
	ID      string `json:"m"`
}

// PruneInbound forgets inbound ids received before t; platforms do not
// redeliver messages that old. It returns how many it forgot.
func (db *DB) PruneInbound(ctx context.Context, before time.Time) (int64, error) {
	n, err := sweep(ctx, db, func(tx *ReadTx, after inboundKey) ([]inboundKey, error) {
		return queryAll(&tx.queries, func(k *inboundKey) []any { return []any{&k.Channel, &k.Address, &k.ID} },
			`SELECT channel, address, message_id FROM inbound
			WHERE (channel, address, message_id) > (?, ?, ?) AND received_at < ?
			ORDER BY channel, address, message_id LIMIT ?`, after.Channel, after.Address, after.ID, ms(before), pruneChunk)
	}, `DELETE FROM inbound WHERE (channel, address, message_id) IN
		(SELECT value ->> 'c', value ->> 'a', value ->> 'm' FROM json_each(?)) AND received_at < ?`, ms(before))
	if err != nil {
		return n, fmt.Errorf("prune inbound: %w", err)
	}
	return n, nil
}

// PruneOutbox deletes messages sent, failed or expired before t: their
// text may quote personal data, and they are not needed once settled. It
// returns how many it deleted.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	n, err := sweep(ctx, db, func(tx *ReadTx, after int64) ([]int64, error) {
		return queryAll(&tx.queries, func(id *int64) []any { return []any{id} },
			`SELECT id FROM outbox WHERE id > ? AND status <> 'pending' AND sent_at < ? ORDER BY id LIMIT ?`,
			after, ms(before), pruneChunk)
	}, `DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?)) AND status <> 'pending' AND sent_at < ?`, ms(before))
	if err != nil {
		return n, fmt.Errorf("prune outbox: %w", err)
	}
	return n, nil
}

// sweep reads the keys of old rows a chunk at a time on a read connection
// (read: the chunk after the last key of the one before), and deletes each
// chunk in a write of its own: del, given the chunk as JSON and then
// args, re-checks that each row is old. It returns how many it deleted.
func sweep[K any](ctx context.Context, db *DB, read func(tx *ReadTx, after K) ([]K, error), del string, args ...any) (int64, error) {
	var total int64
	var after K
	for {
		var keys []K
		if err := db.View(ctx, func(tx *ReadTx) (err error) {
			keys, err = read(tx, after)
			return err
		}); err != nil {
			return total, err
		}
		if len(keys) == 0 {
			return total, nil
		}
		list, err := json.Marshal(keys)
		if err != nil {
			return total, err
		}
		n, err := db.write(ctx, del, append([]any{string(list)}, args...)...)
		total += n
		if err != nil || len(keys) < pruneChunk {
			return total, err
		}
		after = keys[len(keys)-1]
	}
}
