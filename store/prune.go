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
	var total int64
	var after inboundKey
	for {
		var keys []inboundKey
		err := db.View(ctx, func(tx *ReadTx) error {
			rows, err := tx.query(`SELECT channel, address, message_id FROM inbound
				WHERE (channel, address, message_id) > (?, ?, ?) AND received_at < ?
				ORDER BY channel, address, message_id LIMIT ?`, after.Channel, after.Address, after.ID, ms(before), pruneChunk)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k inboundKey
				if err := rows.Scan(&k.Channel, &k.Address, &k.ID); err != nil {
					return err
				}
				keys = append(keys, k)
			}
			return rows.Err()
		})
		if err != nil {
			return total, fmt.Errorf("prune inbound: %w", err)
		}
		if len(keys) == 0 {
			return total, nil
		}
		list, err := json.Marshal(keys)
		if err != nil {
			return total, fmt.Errorf("prune inbound: %w", err)
		}
		n, err := db.write(ctx, `DELETE FROM inbound WHERE (channel, address, message_id) IN
			(SELECT value ->> 'c', value ->> 'a', value ->> 'm' FROM json_each(?)) AND received_at < ?`, string(list), ms(before))
		total += n
		if err != nil {
			return total, fmt.Errorf("prune inbound: %w", err)
		}
		if len(keys) < pruneChunk {
			return total, nil
		}
		after = keys[len(keys)-1]
	}
}

// PruneOutbox deletes messages sent, failed or expired before t: their
// text may quote personal data, and they are not needed once settled. It
// returns how many it deleted.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	var total, after int64
	for {
		var ids []int64
		err := db.View(ctx, func(tx *ReadTx) error {
			rows, err := tx.query(`SELECT id FROM outbox WHERE id > ? AND status <> 'pending' AND sent_at < ?
				ORDER BY id LIMIT ?`, after, ms(before), pruneChunk)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			return rows.Err()
		})
		if err != nil {
			return total, fmt.Errorf("prune outbox: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return total, fmt.Errorf("prune outbox: %w", err)
		}
		n, err := db.write(ctx, `DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))
			AND status <> 'pending' AND sent_at < ?`, string(list), ms(before))
		total += n
		if err != nil {
			return total, fmt.Errorf("prune outbox: %w", err)
		}
		if len(ids) < pruneChunk {
			return total, nil
		}
		after = ids[len(ids)-1]
	}
}
