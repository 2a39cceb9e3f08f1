package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// Rebuilding the outbox with its CHECK constraints as comparisons keeps
// every row and column, and the constraints still refuse what they did.
func TestMigration014KeepsOutbox(t *testing.T) {
	ctx := context.Background()
	w, ms := migratedTo(t, 13)
	const cols = `id, channel, address, kind, owner_id, body, dedupe_key, status, not_before, next_attempt_at,
		expires_at, attempts, last_error, created_at, sent_at, forget_on_send, platform_id, delivered_at, read_at`
	for _, q := range []string{
		`INSERT INTO owners (id, name, business_name, sector, products, kecamatan, address, phone, consent_version,
			consent_at, consent_channel, created_at, updated_at) VALUES (1, 'A', 'B', 'pangan', 'abon', 'Kadia', 'Jl', '+62812', 'v1', 0, 'console', 0, 0)`,
		`INSERT INTO outbox (` + cols + `) VALUES
			(7, 'whatsapp', '62812@s.whatsapp.net', 'broadcast', 1, '{"text":"a"}', 'broadcast:1:1', 'sent', 10, 11, 99, 1, '', 9, 12, 0, 'ABC', 13, 14),
			(8, 'telegram', '5', 'reply', NULL, '{"text":"b"}', NULL, 'pending', 20, 21, NULL, 0, 'err', 19, NULL, 1, NULL, NULL, NULL)`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	dump := func() string {
		rows, err := w.QueryContext(ctx, `SELECT `+cols+` FROM outbox ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			vals := make([]any, 19)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				b.WriteString(strings.TrimSpace(strings.ReplaceAll(fmtAny(v), "\n", " ")) + "|")
			}
			out = append(out, b.String())
		}
		return strings.Join(out, "\n")
	}
	before := dump()
	if applied, err := applyNext(ctx, w, ms[:14]); err != nil || !applied {
		t.Fatalf("migration 14: %v, %v", applied, err)
	}
	if after := dump(); after != before {
		t.Errorf("rows changed:\n%s\nwant\n%s", after, before)
	}
	for _, q := range []string{
		`INSERT INTO outbox (channel, address, kind, body, not_before, next_attempt_at, created_at) VALUES ('t', '1', 'spam', '{}', 0, 0, 0)`,
		`UPDATE outbox SET status = 'lost' WHERE id = 8`,
		`UPDATE outbox SET forget_on_send = 2 WHERE id = 8`,
	} {
		if _, err := w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "CHECK") {
			t.Errorf("%s: %v, want a CHECK constraint failure", q, err)
		}
	}
	var n int
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name LIKE 'outbox_%'`).Scan(&n); err != nil || n != 7 {
		t.Errorf("%d outbox indexes (%v), want 7", n, err)
	}
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprintf("%T", v)
}
