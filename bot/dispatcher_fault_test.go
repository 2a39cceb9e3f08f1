//go:build linux

package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"syscall"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

// limitFileSize makes every file this process writes stop growing past n
// bytes (writes fail with EFBIG, which SQLite reports as a full disk),
// until the returned restore is called. Go ignores SIGXFSZ, so the write
// fails instead of killing the process. Tests in this package do not run
// in parallel, so only this test's files are affected.
func limitFileSize(t *testing.T, n uint64) (restore func()) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skipf("getrlimit: %v", err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: old.Max}); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	restored := false
	restore = func() {
		if !restored {
			restored = true
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
				t.Fatalf("restoring the file size limit: %v", err)
			}
		}
	}
	t.Cleanup(restore)
	return restore
}

// With the disk full (simulated by a file size limit), a message is neither answered with an error nor
// lost: it is held (its channel is not told it is saved, so the platform
// keeps it), the outage is logged once as an ERROR that says what to do,
// and once the disk has room the message is handled and answered.
func TestDispatcherHoldsMessagesWhileDiskFull(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	var logs bottest.Buffer
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: logs.Logger(slog.LevelInfo)})
	defer d.Close()
	ctx := context.Background()
	chat := store.ChatKey{Channel: "test", Address: "held"}

	done := make(chan error, 4)
	submit := func(id, text string) {
		in := msg(chat, id, text)
		in.Done = func(err error) { done <- err }
		if err := d.Submit(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	submit("1", "halo") // a first message, saved before the fault
	if err := <-done; err != nil {
		t.Fatalf("before the fault: %v", err)
	}

	restore := limitFileSize(t, 4096)
	submit("2", "1")
	submit("3", "menu")
	select {
	case err := <-done:
		t.Fatalf("a message was reported done (%v) while the disk is full", err)
	case <-time.After(time.Second):
	}
	restore()
	for i := range 2 {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("message %d after the repair: %v", i+2, err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("held messages not handled after the disk had room again")
		}
	}
	if n, _ := db.Count(ctx, "outbox"); n != 3 {
		t.Errorf("%d replies queued, want 3: one per message, none lost or doubled", n)
	}
	out := logs.String()
	// A write past the size limit fails with EFBIG, which SQLite reports
	// as an I/O error (a truly full disk is SQLITE_FULL): the advice covers
	// both.
	if got := strings.Count(out, "level=ERROR"); got != 1 || !strings.Contains(out, "to fix: check that the disk has free space") {
		t.Errorf("want one ERROR naming the full disk and the fix, got:\n%s", out)
	}
	if !strings.Contains(out, "can be written again") {
		t.Errorf("the end of the outage is not logged:\n%s", out)
	}
	if strings.Contains(out, "apolog") {
		t.Errorf("an apology was attempted:\n%s", out)
	}
}

// With FailFast (the console), a message that cannot be saved is given up
// at once and reported as not saved.
func TestDispatcherFailFast(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog(), FailFast: true})
	defer d.Close()
	restore := limitFileSize(t, 4096)
	defer restore()
	in := msg(store.ChatKey{Channel: "test", Address: "c"}, "1", "halo")
	done := make(chan error, 1)
	in.Done = func(err error) { done <- err }
	if err := d.Submit(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, bot.ErrNotSaved) {
			t.Errorf("Done(%v), want ErrNotSaved", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("FailFast held the message")
	}
	restore()
	if d.Unsaved() != 1 {
		t.Errorf("Unsaved = %d, want 1", d.Unsaved())
	}
}
