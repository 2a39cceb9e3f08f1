package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// bigOwners is how many owners openBig registers: a hundred times the
// city's, as a province's office might hold.
const bigOwners = 100_000

// openBig opens a new database holding bigOwners owners, each with a
// Telegram contact, a session and an inbound id; an outbox of one sent
// reply per owner and 10,000 pending broadcasts (to the first 10,000
// owners); and 5 chats with a pending reply (telegram 2000001-2000005). It is generated in SQL, in one transaction, in a few
// seconds.
//
// Owner i (from 1) is "Pemilik i" of "Usaha i", in kecamatan i%11 of
// bigKecamatan and sector i%6 of bigSectors, phone +62812 and i in 8
// digits, an NIB (91 and i in 11 digits) unless i%3 == 0, binaan when
// i%4 == 0; its chat is telegram 1000000+i.
func openBig(tb testing.TB) *DB {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(tb.TempDir(), "big.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	start := time.Now()
	sectors, _ := json.Marshal(bigSectors)
	kecamatan, _ := json.Marshal(bigKecamatan)
	at := ms(bigNow)
	inserts := []struct {
		q    string
		args []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO owners (id, name, business_name, sector, products, kecamatan, address, phone, nib, binaan,
			language, consent_version, consent_at, consent_channel, created_at, updated_at)
		SELECT i, 'Pemilik ' || i, 'Usaha ' || i, json_extract(?, '$[' || (i % 6) || ']'), 'abon',
			json_extract(?, '$[' || (i % 11) || ']'), 'Jl. Contoh ' || i, printf('+62812%08d', i),
			CASE WHEN i % 3 = 0 THEN '' ELSE printf('91%011d', i) END, i % 4 = 0, 'id', 'v1', ?, 'telegram', ?, ? FROM n`,
			[]any{bigOwners, string(sectors), string(kecamatan), at, at, at}},
		{`INSERT INTO contacts (channel, address, owner_id, created_at) SELECT 'telegram', 1000000 + id, id, ? FROM owners`,
			[]any{at}},
		{`INSERT INTO sessions (channel, address, updated_at) SELECT 'telegram', 1000000 + id, ? FROM owners`, []any{at}},
		{`INSERT INTO inbound (channel, address, message_id, received_at) SELECT 'telegram', 1000000 + id, 'm' || id, ?
		FROM owners`, []any{at}},
		{`INSERT INTO outbox (channel, address, body, status, not_before, next_attempt_at, attempts, created_at, sent_at)
		SELECT 'telegram', 1000000 + id, '{"text":"Terima kasih"}', 'sent', ?1, ?1, 1, ?1, ?1 FROM owners`, []any{at}},
		{`INSERT INTO outbox (channel, address, kind, owner_id, body, dedupe_key, not_before, next_attempt_at, created_at)
		SELECT 'telegram', 1000000 + id, 'broadcast', id, '{"text":"Pengumuman"}', 'broadcast:1:owner:' || id, ?1, ?1, ?1
		FROM owners WHERE id <= 10000`, []any{at}},
		{`INSERT INTO outbox (channel, address, body, not_before, next_attempt_at, created_at)
		SELECT 'telegram', 2000000 + value, '{"text":"Balasan"}', ?1, ?1, ?1 FROM json_each('[1,2,3,4,5]')`, []any{at}},
	}
	err = db.Update(ctx, func(tx *Tx) error {
		for _, in := range inserts {
			if _, err := tx.exec(in.q, in.args...); err != nil {
				return fmt.Errorf("%.60s: %w", in.q, err)
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
	bigKecamatan = []string{"Abeli", "Baruga", "Kadia", "Kambu", "Kendari", "Kendari Barat", "Mandonga",
		"Nambo", "Poasia", "Puuwatu", "Wua-Wua"}
	bigSectors = []string{"pangan", "sandang", "kerajinan", "furnitur", "bahan_bangunan", "lainnya"}
)
