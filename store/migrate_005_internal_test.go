package store

import (
	"context"
	"testing"
)

// Chats linked before contacts.last_seen_at existed start from their
// session's last turn when it is later than the link, else from the link.
func TestMigration005LastSeen(t *testing.T) {
	ctx := context.Background()
	w, ms := migratedTo(t, 4)
	for _, q := range []string{
		`INSERT INTO owners (id, name, business_name, sector, products, kecamatan, address, phone, consent_version,
			consent_at, consent_channel, created_at, updated_at) VALUES (1, 'A', 'B', 'pangan', 'abon', 'Kadia', 'Jl', '+62812', 'v1', 0, 'console', 0, 0)`,
		`INSERT INTO contacts (channel, address, owner_id, created_at) VALUES ('telegram', '1', 1, 1000), ('whatsapp', '2', 1, 2000), ('console', '3', 1, 3000)`,
		`INSERT INTO sessions (channel, address, updated_at) VALUES ('telegram', '1', 5000), ('whatsapp', '2', 1500)`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if applied, err := applyNext(ctx, w, ms[:5]); err != nil || !applied {
		t.Fatalf("migration 5: %v, %v", applied, err)
	}
	want := map[string]int64{"telegram": 5000, "whatsapp": 2000, "console": 3000}
	rows, err := w.QueryContext(ctx, `SELECT channel, last_seen_at FROM contacts`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch string
		var seen int64
		if err := rows.Scan(&ch, &seen); err != nil {
			t.Fatal(err)
		}
		if seen != want[ch] {
			t.Errorf("%s: last_seen_at %d, want %d", ch, seen, want[ch])
		}
	}
}
