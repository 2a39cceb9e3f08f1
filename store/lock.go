package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Lock files keep a second process off what one process must own alone:
// a channel served from a database (ChannelLockPath), or the WhatsApp
// device store. The lock is taken without waiting; the file says who holds
// it, so that the refusal can name the process.

// ErrLocked is what errors.Is finds in the error of a lock held by another
// process (a *LockedError).
var ErrLocked = errors.New("store: locked by another process")

// ChannelLockPath is the lock file that lets one process at a time serve
// a channel from the database at dbPath: "<dbPath>.<channel>.lock", e.g.
// sobat-ikm.db.telegram-123456.lock. channel names what is served (a
// channel and, where one database can serve several, its identity); it
// must hold no secret, since it is a file name.
func ChannelLockPath(dbPath, channel string) string {
	return dbPath + "." + channel + ".lock"
}

// Holder is what a lock file says about the process holding it.
type Holder struct {
	PID     int
	Started time.Time
	// Task is what the holder does, e.g. "serving Telegram bot 123456".
	Task string
}

// LockedError is the error of a lock another process holds. Holder is
// what its file says, zero where it says nothing readable.
type LockedError struct {
	Path   string
	Holder Holder
}

func (e *LockedError) Error() string {
	var b strings.Builder
	if e.Holder.PID > 0 {
		fmt.Fprintf(&b, "process %d holds %s", e.Holder.PID, e.Path)
	} else {
		fmt.Fprintf(&b, "another process holds %s", e.Path)
	}
	var about []string
	if e.Holder.Task != "" {
		about = append(about, e.Holder.Task)
	}
	if !e.Holder.Started.IsZero() {
		about = append(about, "started "+e.Holder.Started.Format("2006-01-02 15:04:05 -07:00"))
	}
	if len(about) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(about, ", "))
	}
	b.WriteString(staleLockHint(e.Path))
	return b.String()
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Lock is an exclusive lock held through a lock file.
type Lock struct {
	path    string
	release func() error
}

// AcquireLock takes the lock file at path, creating it if needed, and
// writes this process's pid, started (time.Now() when zero) and task into
// it. When another process holds it, it fails at once with a
// *LockedError.
//
// On unix the lock is an flock: the kernel drops it when the process
// ends, so a crash leaves no stale lock, and the file stays. Elsewhere the
// file is created exclusively and removed on Release; after a crash it
// must be deleted by hand.
func AcquireLock(path, task string, started time.Time) (*Lock, error) {
	if started.IsZero() {
		started = time.Now()
	}
	h := Holder{PID: os.Getpid(), Started: started, Task: task}
	release, err := lockFile(path, h.encode())
	if errors.Is(err, ErrLocked) {
		return nil, &LockedError{Path: path, Holder: readHolder(path)}
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return &Lock{path: path, release: release}, nil
}

// Path is the lock file's path.
func (l *Lock) Path() string { return l.path }

// Release gives the lock up. It is safe to call more than once, and on a
// nil Lock.
func (l *Lock) Release() error {
	if l == nil || l.release == nil {
		return nil
	}
	f := l.release
	l.release = nil
	if err := f(); err != nil {
		return fmt.Errorf("store: release %s: %w", l.path, err)
	}
	return nil
}

// encode is the lock file's text: one "key value" line per field, for
// the operator who reads it and for readHolder.
func (h Holder) encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "pid %d\n", h.PID)
	fmt.Fprintf(&b, "started %s\n", h.Started.Format(time.RFC3339))
	if h.Task != "" {
		fmt.Fprintf(&b, "task %s\n", strings.ReplaceAll(h.Task, "\n", " "))
	}
	return b.Bytes()
}

// parseHolder reads encode's text. A file of older versions holds only
// the pid on its first line.
func parseHolder(data []byte) Holder {
	var h Holder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, value, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		switch key {
		case "pid":
			h.PID, _ = strconv.Atoi(value)
		case "started":
			h.Started, _ = time.Parse(time.RFC3339, value)
		case "task":
			h.Task = value
		default:
			if pid, err := strconv.Atoi(key); err == nil && h.PID == 0 {
				h.PID = pid
			}
		}
	}
	return h
}

// readHolder reads who holds the lock at path. The holder writes its
// file just after taking the lock, so an empty file is read again a few
// times before giving up.
func readHolder(path string) Holder {
	for range 10 {
		data, err := os.ReadFile(path)
		if err != nil {
			return Holder{}
		}
		if h := parseHolder(data); h.PID > 0 {
			return h
		}
		time.Sleep(20 * time.Millisecond)
	}
	return Holder{}
}
