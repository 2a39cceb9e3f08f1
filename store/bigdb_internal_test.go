package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// bigOwners is how many owners openBig registers: a hundred times the
// city's, as a province's office might hold.
const bigOwners = 100_000

// openBig opens a new database holding bigOwners owners
// (GenerateOwners: each with a Telegram contact, a session, an inbound id
// and a sent reply), 10,000 pending broadcasts (to the first 10,000
// owners) and 5 chats with a pending reply (telegram 2000001-2000005).
func openBig(tb testing.TB) *DB {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(tb.TempDir(), "big.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	start := time.Now()
	if err := db.GenerateOwners(ctx, bigOwners, "telegram", bigNow); err != nil {
		tb.Fatal(err)
	}
	at := ms(bigNow)
	err = db.Update(ctx, func(tx *Tx) error {
		for _, q := range []string{
			`INSERT INTO outbox (channel, address, kind, owner_id, body, dedupe_key, not_before, next_attempt_at, created_at)
		SELECT 'telegram', 1000000 + id, 'broadcast', id, '{"text":"Pengumuman"}', 'broadcast:1:owner:' || id, ?1, ?1, ?1
		FROM owners WHERE id <= 10000`,
			`INSERT INTO outbox (channel, address, body, not_before, next_attempt_at, created_at)
		SELECT 'telegram', 2000000 + value, '{"text":"Balasan"}', ?1, ?1, ?1 FROM json_each('[1,2,3,4,5]')`,
		} {
			if _, err := tx.exec(q, at); err != nil {
				return fmt.Errorf("%.60s: %w", q, err)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("%d owners generated in %v", bigOwners, time.Since(start).Round(time.Millisecond))
	return db
}

var bigNow = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)

var (
	bigKecamatan = LoadKecamatan
	bigSectors   = LoadSectors
)
