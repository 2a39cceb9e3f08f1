//go:build unix

package store_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"sobat-ikm/store"
)

// lockHelperEnv makes the test binary a process that holds a lock.
const lockHelperEnv = "STORE_TEST_HOLD_LOCK"

// TestLockHelperProcess is not a test: run with lockHelperEnv set, it
// takes the lock, says so, and holds it until killed.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv(lockHelperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	if _, err := store.AcquireLock(path, "helper", time.Time{}); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

// Another process's lock names that process, and a process killed
// without releasing leaves no stale lock: the kernel drops its flock.
func TestLockAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db.whatsapp.lock")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "locked\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}

	_, err = store.AcquireLock(path, "second", time.Time{})
	var locked *store.LockedError
	if !errors.As(err, &locked) || locked.Holder.PID != cmd.Process.Pid || locked.Holder.Task != "helper" {
		t.Fatalf("lock held by the helper (pid %d): %v", cmd.Process.Pid, err)
	}

	cmd.Process.Kill() // SIGKILL: no release
	cmd.Wait()
	l, err := store.AcquireLock(path, "after the crash", time.Time{})
	if err != nil {
		t.Fatalf("lock after the holder was killed: %v", err)
	}
	l.Release()
}
