package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// One holder at a time; the refusal names the holder from its file; the
// lock is free again once released.
func TestLock(t *testing.T) {
	path := store.ChannelLockPath(filepath.Join(t.TempDir(), "bot.db"), "telegram-123456")
	if filepath.Base(path) != "bot.db.telegram-123456.lock" {
		t.Errorf("ChannelLockPath = %s", path)
	}
	started := time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("WITA", 8*3600))
	first, err := store.AcquireLock(path, "serving Telegram bot 123456", started)
	if err != nil {
		t.Fatal(err)
	}
	if first.Path() != path {
		t.Errorf("Path() = %s", first.Path())
	}
	second, err := store.AcquireLock(path, "another", time.Time{})
	if !errors.Is(err, store.ErrLocked) {
		second.Release()
		t.Fatalf("second lock = %v, want ErrLocked", err)
	}
	var locked *store.LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("%T is not a *LockedError", err)
	}
	want := store.Holder{PID: os.Getpid(), Started: started, Task: "serving Telegram bot 123456"}
	if locked.Path != path || locked.Holder.PID != want.PID || !locked.Holder.Started.Equal(started) || locked.Holder.Task != want.Task {
		t.Errorf("LockedError = %+v, want holder %+v at %s", locked, want, path)
	}
	msg := err.Error()
	for _, s := range []string{"process " + strconv.Itoa(os.Getpid()), path, "serving Telegram bot 123456", "2026-11-23 09:30:00 +08:00"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}

	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := first.Release(); err != nil { // twice is fine
		t.Errorf("second Release: %v", err)
	}
	var none *store.Lock
	if err := none.Release(); err != nil {
		t.Errorf("nil Release: %v", err)
	}
	again, err := store.AcquireLock(path, "serving again", time.Time{})
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	defer again.Release()
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "task serving again\n") || strings.Contains(string(data), "123456") {
		t.Errorf("lock file after the second holder:\n%s", data)
	}
}

// A lock file that says nothing readable still gives a refusal.
func TestLockedErrorWithoutHolder(t *testing.T) {
	err := &store.LockedError{Path: "/srv/bot.db.whatsapp.lock"}
	if msg := err.Error(); !strings.Contains(msg, "another process holds /srv/bot.db.whatsapp.lock") {
		t.Errorf("message %q", msg)
	}
	if !errors.Is(err, store.ErrLocked) {
		t.Error("not ErrLocked")
	}
}
