package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"

	"sobat-ikm/store"
)

// whatsmeowTables lists the device store's tables and its schema version.
func whatsmeowTables(t *testing.T, path string) (tables []string, version int) {
	t.Helper()
	db, err := sql.Open("sqlite", store.WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'whatsmeow\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	if err := db.QueryRow(`SELECT version FROM whatsmeow_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	return tables, version
}

// The real sqlstore opens on modernc's driver, creates its schema, and
// reopening is a no-op; an unlinked store reports "not linked".
func TestDeviceStoreSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	c, err := OpenStore(ctx, path, quiet())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	tables, version := whatsmeowTables(t, path)
	for _, want := range []string{"whatsmeow_device", "whatsmeow_sessions", "whatsmeow_lid_map", "whatsmeow_event_buffer", "whatsmeow_version"} {
		found := false
		for _, n := range tables {
			found = found || n == want
		}
		if !found {
			t.Errorf("table %s missing; have %v", want, tables)
		}
	}
	if len(tables) < 15 || version < 11 {
		t.Errorf("%d whatsmeow tables at version %d, want the full schema (>= 15 tables, version >= 11)", len(tables), version)
	}

	c, err = OpenStore(ctx, path, quiet())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	c.Close()
	if again, v := whatsmeowTables(t, path); len(again) != len(tables) || v != version {
		t.Errorf("reopening changed the schema: %d tables at version %d", len(again), v)
	}

	st, err := ReadStatus(ctx, path, quiet())
	if err != nil || st.Linked {
		t.Errorf("status of an unlinked store = %+v, %v; want not linked", st, err)
	}
	claimed := false
	a, ok, err := Open(ctx, path, nil, Config{Log: quiet(), Claim: func() error { claimed = true; return nil }})
	if err != nil || ok || a != nil || claimed {
		t.Errorf("Open on an unlinked store = %v, %v, %v, claimed %v; want not linked, nothing claimed", a, ok, err, claimed)
	}
	// Open released the lock it took to look.
	l, err := AcquireLock(path, "test")
	if err != nil {
		t.Fatalf("lock after Open: %v", err)
	}
	l.Release()
}

// Checking for a session never creates the device store.
func TestMissingStoreIsNotLinked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	st, err := ReadStatus(ctx, path, quiet())
	if err != nil || st.Linked {
		t.Errorf("status = %+v, %v; want not linked", st, err)
	}
	a, ok, err := Open(ctx, path, nil, Config{Log: quiet()})
	if err != nil || ok || a != nil {
		t.Errorf("Open = %v, %v, %v; want not linked", a, ok, err)
	}
	if err := Unlink(ctx, path, false, quiet()); !errors.Is(err, ErrNotLinked) {
		t.Errorf("Unlink = %v, want ErrNotLinked", err)
	}
	for _, p := range []string{path, LockPath(path)} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was created (%v)", filepath.Base(p), err)
		}
	}
}

// Linking refuses to run beside another holder of the session.
func TestLinkNeedsTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	l, err := AcquireLock(path, "serving WhatsApp")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	_, err = Link(context.Background(), path, LinkOptions{Log: quiet()})
	if !errors.Is(err, store.ErrLocked) {
		t.Errorf("Link beside a running bot = %v, want ErrLocked", err)
	}
}

// linkedStore makes a device store at path with a linked device, as
// `whatsapp link` leaves it (without the keys WhatsApp would upload).
func linkedStore(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	c, err := OpenStore(ctx, path, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dev := c.NewDevice()
	dev.ID = &types.JID{User: "6281234567890", Device: 7, Server: types.DefaultUserServer}
	dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := c.PutDevice(ctx, dev); err != nil {
		t.Fatal(err)
	}
}

// When Config.Claim refuses (another process serves WhatsApp from the
// bot's database), Open stops before connecting and gives the session's
// lock back.
func TestOpenClaimRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	linkedStore(t, path)
	if st, err := ReadStatus(ctx, path, quiet()); err != nil || !st.Linked || st.Phone != "+6281234567890" {
		t.Fatalf("status = %+v, %v; want linked", st, err)
	}
	held, err := AcquireLock(path, "serving WhatsApp")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := ReadStatus(ctx, path, quiet()); err != nil || !st.InUse || st.Holder.PID != os.Getpid() || st.Holder.Task != "serving WhatsApp" {
		t.Errorf("status beside a running bot = %+v, %v; want in use by this process", st, err)
	}
	held.Release()

	refused := errors.New("the database's WhatsApp is served elsewhere")
	calls := 0
	a, ok, err := Open(ctx, path, nil, Config{Log: quiet(), Claim: func() error { calls++; return refused }})
	if !errors.Is(err, refused) || ok || a != nil || calls != 1 {
		t.Fatalf("Open = %v, %v, %v after %d claims; want the claim's error after one", a, ok, err, calls)
	}
	l, err := AcquireLock(path, "test")
	if err != nil {
		t.Fatalf("session lock after a refused claim: %v", err)
	}
	l.Release()
}

func TestPairingPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"6281234567890", "6281234567890"},
		{"+62 812-3456-7890", "6281234567890"},
		{"081234567890", "6281234567890"},
		{"62812", ""},
		{"62812abc4567", ""},
		{"", ""},
	} {
		got, err := PairingPhone(tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("PairingPhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
