package whatsapp

import (
	"errors"
	"path/filepath"
	"testing"
)

// Only one holder of a session at a time; the lock is free again once
// released.
func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	first, err := AcquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if second, err := AcquireLock(path); !errors.Is(err, ErrLocked) {
		second.Release()
		t.Fatalf("second lock = %v, want ErrLocked", err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	first.Release() // twice is fine
	again, err := AcquireLock(path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again.Release()
}
