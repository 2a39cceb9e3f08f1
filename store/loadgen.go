package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Synthetic owners for load tests and benchmarks (the command line never
// calls GenerateOwners): what a province's office might hold, generated
// in SQL in one transaction, in a few seconds for 100,000.
//
// Owner i (from 1) is "Pemilik i" of "Usaha i", in kecamatan i%11 of
// LoadKecamatan and sector i%6 of LoadSectors, phone +62812 and i in 8
// digits, an NIB (91 and i in 11 digits) unless i%3 == 0, binaan when
// i%4 == 0; its chat is on channel at address 1000000+i, with a session,
// an inbound id and one sent reply.
var (
	LoadKecamatan = []string{"Abeli", "Baruga", "Kadia", "Kambu", "Kendari", "Kendari Barat", "Mandonga",
		"Nambo", "Poasia", "Puuwatu", "Wua-Wua"}
	LoadSectors = []string{"pangan", "sandang", "kerajinan", "furnitur", "bahan_bangunan", "lainnya"}
)

// LoadAddress is the chat address of synthetic owner i (GenerateOwners).
func LoadAddress(i int) string { return fmt.Sprint(1000000 + i) }

// GenerateOwners fills a database that holds no owner with n synthetic
// owners, dated at.
func (db *DB) GenerateOwners(ctx context.Context, n int, channel string, at time.Time) error {
	sectors, err := json.Marshal(LoadSectors)
	if err != nil {
		return err
	}
	kecamatan, err := json.Marshal(LoadKecamatan)
	if err != nil {
		return err
	}
	t := ms(at)
	inserts := []struct {
		q    string
		args []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO owners (id, name, business_name, sector, products, kecamatan, address, phone, nib, binaan,
			language, consent_version, consent_at, consent_channel, created_at, updated_at)
		SELECT i, 'Pemilik ' || i, 'Usaha ' || i, json_extract(?, '$[' || (i % 6) || ']'), 'abon',
			json_extract(?, '$[' || (i % 11) || ']'), 'Jl. Contoh ' || i, printf('+62812%08d', i),
			CASE WHEN i % 3 = 0 THEN '' ELSE printf('91%011d', i) END, i % 4 = 0, 'id', 'v1', ?, ?, ?, ? FROM n`,
			[]any{n, string(sectors), string(kecamatan), t, channel, t, t}},
		{`INSERT INTO contacts (channel, address, owner_id, created_at, last_seen_at) SELECT ?, 1000000 + id, id, ?, ? FROM owners`,
			[]any{channel, t, t}},
		{`INSERT INTO sessions (channel, address, updated_at) SELECT ?, 1000000 + id, ? FROM owners`, []any{channel, t}},
		{`INSERT INTO inbound (channel, address, message_id, received_at) SELECT ?, 1000000 + id, 'm' || id, ? FROM owners`,
			[]any{channel, t}},
		{`INSERT INTO outbox (channel, address, body, status, not_before, next_attempt_at, attempts, created_at, sent_at)
		SELECT ?2, 1000000 + id, '{"text":"Terima kasih"}', 'sent', ?1, ?1, 1, ?1, ?1 FROM owners`, []any{t, channel}},
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if n, err := tx.Count("owners"); err != nil || n > 0 {
			return errors.Join(err, fmt.Errorf("the database holds %d owners already", n))
		}
		for _, in := range inserts {
			if _, err := tx.exec(in.q, in.args...); err != nil {
				return fmt.Errorf("%.60s: %w", in.q, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("generate owners: %w", err)
	}
	return nil
}
