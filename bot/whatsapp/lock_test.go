package whatsapp

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sobat-ikm/store"
)

// Only one holder of a session at a time, and the refusal says who holds
// it and what it does; the lock is free again once released.
func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	first, err := AcquireLock(path, "linking a WhatsApp number")
	if err != nil {
		t.Fatal(err)
	}
	second, err := AcquireLock(path, "serving WhatsApp")
	if !errors.Is(err, store.ErrLocked) {
		second.Release()
		t.Fatalf("second lock = %v, want ErrLocked", err)
	}
	for _, s := range []string{"process " + strconv.Itoa(os.Getpid()), "linking a WhatsApp number", LockPath(path), "stop that process first"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("refusal %q lacks %q", err, s)
		}
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := AcquireLock(path, "serving WhatsApp")
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again.Release()
}
