package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A chat's log pseudonym is keyed by a secret created beside the database
// on first start (mode 0600): stable across restarts, different for
// another database, and not the plain hash an attacker could recompute
// from every possible phone number.
func TestPseudonymsKeyedAndStable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	chat := ChatKey{Channel: "whatsapp", Address: "6281234567890@s.whatsapp.net"}
	open := func(p string) string {
		db, err := Open(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		return db.Pseudonyms().Of(chat)
	}
	first := open(path)
	st, err := os.Stat(KeyPath(path))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	if again := open(path); again != first {
		t.Errorf("pseudonym changed across restarts: %s, %s", first, again)
	}
	if other := open(filepath.Join(dir, "b.db")); other == first {
		t.Error("two databases with different keys gave the same pseudonym")
	}
	sum := sha256.Sum256([]byte(chat.Channel + "\x00" + chat.Address))
	if strings.Contains(first, hex.EncodeToString(sum[:6])) || strings.Contains(first, "6281234567890") {
		t.Errorf("pseudonym %s is the unkeyed hash or shows the number", first)
	}
	if !strings.HasPrefix(first, "whatsapp:") || len(first) != len("whatsapp:")+12 {
		t.Errorf("pseudonym %q, want whatsapp: and 12 hex digits", first)
	}
}
