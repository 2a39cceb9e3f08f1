package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"

	"sobat-ikm/bot/whatsapp"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// runWhatsApp runs "sobat-ikm -db DIR/bot.db whatsapp ARGS...".
func runWhatsApp(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	all := append([]string{"-db", filepath.Join(dir, "bot.db"), "whatsapp"}, args...)
	code = run(context.Background(), all, noEnv, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestWhatsAppStatusNotLinked(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runWhatsApp(t, dir, "status")
	if code != 0 || !strings.Contains(out, "not linked") {
		t.Errorf("status: exit %d, stdout %q, stderr %q; want 0 and \"not linked\"", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "whatsapp.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("status created whatsapp.db (%v)", err)
	}
	code, out, _ = runWhatsApp(t, dir, "unlink")
	if code != 0 || !strings.Contains(out, "nothing to do") {
		t.Errorf("unlink when not linked: exit %d, %q", code, out)
	}
}

func TestWhatsAppUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{},
		{"pair"},
		{"status", "extra"},
		{"link", "-bogus"},
		{"link", "-phone", "not-a-number"},
		{"unlink", "now"},
	} {
		code, _, errOut := runWhatsApp(t, dir, args...)
		if code != 2 || !strings.Contains(errOut, "usage: sobat-ikm") && !strings.Contains(errOut, "-phone") {
			t.Errorf("whatsapp %q: exit %d, stderr %q; want 2 and the usage", args, code, errOut)
		}
	}
}

// The bot runs its console as before when no WhatsApp number is linked.
func TestServeWithoutWhatsApp(t *testing.T) {
	dir := t.TempDir()
	out, _ := runLines(t, filepath.Join(dir, "bot.db"), nil, "halo")
	if !strings.Contains(out, "Selamat datang") {
		t.Errorf("console reply missing:\n%s", out)
	}
	for _, name := range []string{"whatsapp.db", "bot.db.whatsapp.lock"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("serving created %s (%v)", name, err)
		}
	}
}

// A linked session is not served from a database another process serves
// WhatsApp from (through another device store): the refusal names that
// process, and the session's own lock is given back.
func TestWhatsAppChannelLock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := options{db: filepath.Join(dir, "bot.db"), whatsappDB: filepath.Join(dir, "whatsapp.db")}
	linkedStore(t, opts.whatsappDB)
	held, err := store.AcquireLock(store.ChannelLockPath(opts.db, "whatsapp"), "serving WhatsApp from other.db", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	db, err := store.Open(ctx, opts.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	locks := &channelLocks{db: opts.db, now: time.Now}
	defer locks.release()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	off := config{}.office(cat, time.Now)
	ch, ok, err := whatsAppChannel(ctx, opts, db, off, locks, slog.New(slog.DiscardHandler))
	if ch != nil || ok || !errors.Is(err, store.ErrLocked) {
		t.Fatalf("whatsAppChannel = %v, %v, %v; want refused", ch, ok, err)
	}
	for _, s := range []string{fmt.Sprintf("process %d", os.Getpid()), "serving WhatsApp from other.db", "already served from " + opts.db} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("refusal %q lacks %q", err, s)
		}
	}
	l, err := whatsapp.AcquireLock(opts.whatsappDB, "serving WhatsApp")
	if err != nil {
		t.Fatalf("session lock after the refusal: %v", err)
	}
	defer l.Release()

	// `whatsapp status` still runs, and names the session's holder.
	code, out, errOut := runWhatsApp(t, dir, "status")
	want := fmt.Sprintf("linked to +6281234567890, device 7 (%s); in use by a running sobat-ikm (process %d: serving WhatsApp).", opts.whatsappDB, os.Getpid())
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("status: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
}

// linkedStore makes a device store at path with a linked device, as
// `whatsapp link` leaves it (without the keys WhatsApp would upload).
func linkedStore(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	c, err := whatsapp.OpenStore(ctx, path, slog.New(slog.DiscardHandler))
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

// `whatsapp status` says when WhatsApp's proactive messages are paused
// (a reach-out lock, a temporary ban), why and until when, read from the
// bot's database; nothing once the pause is over. A missing database is
// not created.
func TestWhatsAppStatusShowsPause(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	linkedStore(t, filepath.Join(dir, "whatsapp.db"))
	code, out, errOut := runWhatsApp(t, dir, "status")
	if code != 0 || strings.Contains(out, "paused") {
		t.Errorf("status without a database: exit %d, stdout %q, stderr %q; want no pause", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "bot.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("status created bot.db (%v)", err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	since := time.Now().Add(-time.Hour).Truncate(time.Minute)
	until := since.Add(24 * time.Hour)
	if err := db.SetPause(ctx, store.Pause{Channel: "whatsapp", Until: until, Reason: store.PauseReachout, Since: since}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, errOut = runWhatsApp(t, dir, "status")
	want := fmt.Sprintf("WhatsApp: proactive messages paused until %s WITA (WhatsApp's reach-out lock, error 463, since %s WITA): replies to owners who write still go",
		until.In(time.FixedZone("WITA", 8*3600)).Format("2006-01-02 15:04"), since.In(time.FixedZone("WITA", 8*3600)).Format("2006-01-02 15:04"))
	if code != 0 || !strings.Contains(out, "linked to +6281234567890") || !strings.Contains(out, want) {
		t.Errorf("status: exit %d, stdout %q, stderr %q; want the link and %q", code, out, errOut, want)
	}

	// A temporary ban, over already: not shown.
	db, err = store.Open(ctx, filepath.Join(dir, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.LiftPause(ctx, "whatsapp"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPause(ctx, store.Pause{Channel: "whatsapp", Until: time.Now().Add(-time.Minute), Reason: "temporary_ban:101", Since: since}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out, _ = runWhatsApp(t, dir, "status"); code != 0 || strings.Contains(out, "paused") {
		t.Errorf("status after the ban ended: exit %d, %q; want no pause", code, out)
	}
	// A temporary ban in effect.
	db, err = store.Open(ctx, filepath.Join(dir, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPause(ctx, store.Pause{Channel: "whatsapp", Until: until, Reason: "temporary_ban:102", Since: since}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out, _ = runWhatsApp(t, dir, "status"); code != 0 || !strings.Contains(out, "(a temporary ban, code 102, since") {
		t.Errorf("status during a ban: exit %d, %q; want the ban", code, out)
	}
}
