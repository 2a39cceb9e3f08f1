//go:build linux

package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The storage faults of issue 8, on the real binary serving Telegram
// against fakeBotAPI. With the database file read-only, the disk full (a
// file size limit set on the running process) or the pages of the inbound
// table damaged, an owner's updates are held: Telegram is never told they
// were received (the getUpdates offset stays below them), nothing is
// answered, and the outage is logged once, as an ERROR that says what is
// wrong and what to do. Once the storage is repaired the held updates are
// answered, each exactly once; a damaged file is repaired by restoring a
// backup while the bot is stopped, and the bot stopped with updates held
// exits non-zero. The console, whose input no platform delivers again,
// exits non-zero at once.
//
//	go test ./cmd/sobat-ikm -run StorageFaults -v
//
// The read-only cases run the bot as an unprivileged user (root writes to
// read-only files) and are skipped unless the test runs as root; the full
// disk needs util-linux prlimit.

// nobodyID is the uid and gid of the unprivileged user (nobody, nogroup
// on Debian).
const nobodyID = 65534

// repairWithin bounds the wait for held updates to be answered once the
// storage is repaired: the dispatcher retries every 5 s at most, and a
// read-only file takes two retries (one to reopen the connection).
const repairWithin = 15 * time.Second

// heldFor is how long the test watches held updates stay unanswered and
// unconfirmed.
const heldFor = 1500 * time.Millisecond

func TestStorageFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("storage faults: runs the real binary for some 15 s")
	}
	bin := buildBinary(t)
	t.Run("ReadOnly", func(t *testing.T) { testReadOnlyFile(t, bin) })
	t.Run("DiskFull", func(t *testing.T) { testDiskFull(t, bin) })
	t.Run("DamagedPage", func(t *testing.T) { testDamagedPage(t, bin) })
	t.Run("ConsoleReadOnly", func(t *testing.T) { testConsoleReadOnly(t, bin) })
}

// The database file (and its -wal and -shm) read-only: updates held, one
// ERROR; made writable again while the bot runs, the held updates are
// answered in order, once each.
func testReadOnlyFile(t *testing.T, bin string) {
	r := newFaultRig(t, bin, true)
	r.prepare(t)
	r.chmodDB(t, 0o444)

	p := r.start(t)
	owner := newRegScript(1)
	ids := r.send(owner, 0, 3)
	p.waitFor(t, "the database cannot be written")
	r.expectHeld(t, ids, owner.chatID)
	errs := errorLines(p.stderr.String())
	if len(errs) != 1 || !strings.Contains(errs[0], "read-only") || !strings.Contains(errs[0], "to fix:") {
		t.Errorf("want one ERROR saying the file is read-only and what to fix, got %d:\n%s", len(errs), strings.Join(errs, "\n"))
	}

	r.chmodDB(t, 0o644)
	repaired := time.Now()
	r.awaitAnswered(t, ids, map[int64]int{owner.chatID: 3})
	t.Logf("held updates answered %v after the file was made writable", time.Since(repaired).Round(time.Millisecond))
	if code := p.stop(t); code != 0 {
		t.Errorf("SIGTERM after the repair: exit %d, want 0; stderr:\n%s", code, p.stderr.String())
	}
	r.checkAnswers(t, owner, 3)
	r.checkNoRepeats(t, owner.chatID, r.first.chatID)
	if errs := errorLines(p.stderr.String()); len(errs) != 1 {
		t.Errorf("%d ERRORs in all, want 1:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	if !strings.Contains(p.stderr.String(), "can be written again") {
		t.Errorf("the end of the outage is not logged; stderr:\n%s", p.stderr.String())
	}
}

// The disk full, simulated by a file size limit on the running process
// (writes fail with EFBIG, an I/O error for SQLite). The fault starts
// while Telegram accepts a reply, before the bot records it as sent: that
// reply must not go out again. Updates received meanwhile are held and
// answered once the limit is lifted.
func testDiskFull(t *testing.T, bin string) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("no prlimit (util-linux) to limit the bot's file size with")
	}
	// The soft limit is set, the hard one left alone: lowering the hard
	// limit could not be undone without CAP_SYS_RESOURCE.
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	unlimited := "unlimited:"  // the bot's limit, inherited from the test
	if lim.Cur != ^uint64(0) { // RLIM_INFINITY
		unlimited = strconv.FormatUint(lim.Cur, 10) + ":"
	}
	r := newFaultRig(t, bin, false)
	p := r.startPrepared(t)
	pid := strconv.Itoa(p.cmd.Process.Pid)
	setLimit := func(fsize string) error {
		out, err := exec.Command(prlimit, "--pid", pid, "--fsize="+fsize).CombinedOutput()
		if err != nil {
			return fmt.Errorf("prlimit --fsize=%s: %w: %s", fsize, err, out)
		}
		return nil
	}
	if err := setLimit(unlimited); err != nil {
		t.Skipf("cannot change the bot's file size limit: %v", err)
	}
	a, b := newRegScript(1), newRegScript(5)
	r.awaitAnswered(t, r.send(a, 0, 1), map[int64]int{a.chatID: 1})

	// The disk fills up while Telegram accepts the reply to a's second
	// message: the bot's attempt to record it as sent fails. With 1 KiB,
	// less than a page, every write of a page to the database or its log
	// fails.
	var once sync.Once
	full := make(chan error, 1)
	r.fake.SetIntercept(func(method string, params map[string]string) (int, string, bool) {
		if strings.EqualFold(method, "sendMessage") && params["chat_id"] == strconv.FormatInt(a.chatID, 10) {
			once.Do(func() { full <- setLimit("1024:") })
		}
		return 0, "", false
	})
	r.awaitAnswered(t, r.send(a, 1, 2), map[int64]int{a.chatID: 2})
	if err := <-full; err != nil {
		t.Fatal(err)
	}
	r.fake.SetIntercept(nil)

	ids := append(r.send(a, 2, 3), r.send(b, 0, 1)...)
	p.waitFor(t, "messages are held")
	r.expectHeld(t, ids, a.chatID, b.chatID)
	// The sender, which could not record the reply, and the dispatcher,
	// which holds the messages, each say so once.
	errs := errorLines(p.stderr.String())
	for _, c := range []struct{ component, says string }{{"dispatcher", "messages are held"}, {"sender", "replies are held"}} {
		n := 0
		for _, e := range errs {
			if strings.Contains(e, "component="+c.component) {
				n++
				if !strings.Contains(e, c.says) || !strings.Contains(e, "to fix: check that the disk has free space") {
					t.Errorf("the %s's ERROR does not say %q and what to fix: %s", c.component, c.says, e)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d ERRORs from the %s, want 1:\n%s", n, c.component, strings.Join(errs, "\n"))
		}
	}
	if len(errs) != 2 {
		t.Errorf("%d ERRORs, want 2 (dispatcher and sender):\n%s", len(errs), strings.Join(errs, "\n"))
	}

	if err := setLimit(unlimited); err != nil {
		t.Fatal(err)
	}
	repaired := time.Now()
	r.awaitAnswered(t, ids, map[int64]int{a.chatID: 3, b.chatID: 1})
	t.Logf("held updates answered %v after the disk had room", time.Since(repaired).Round(time.Millisecond))
	if code := p.stop(t); code != 0 {
		t.Errorf("SIGTERM after the repair: exit %d, want 0; stderr:\n%s", code, p.stderr.String())
	}
	r.checkAnswers(t, a, 3)
	r.checkAnswers(t, b, 1)
	r.checkNoRepeats(t, a.chatID, b.chatID, r.first.chatID)
	if errs := errorLines(p.stderr.String()); len(errs) != 2 {
		t.Errorf("%d ERRORs in all, want 2:\n%s", len(errs), strings.Join(errs, "\n"))
	}
}

// The pages of the inbound table overwritten with garbage while the bot
// was stopped: updates held, one ERROR; stopped, the bot exits non-zero
// (it gave up the held updates, which Telegram still has). Started again
// on the restored backup, it receives them again and answers each once.
func testDamagedPage(t *testing.T, bin string) {
	r := newFaultRig(t, bin, false)
	r.prepare(t)
	backup, err := os.ReadFile(r.db)
	if err != nil {
		t.Fatal(err)
	}
	pages := damageTable(t, r.db, "inbound")
	t.Logf("inbound pages overwritten: %v", pages)

	p := r.start(t)
	owner := newRegScript(1)
	ids := r.send(owner, 0, 2)
	p.waitFor(t, "the database cannot be written")
	r.expectHeld(t, ids, owner.chatID)
	errs := errorLines(p.stderr.String())
	if len(errs) != 1 || !strings.Contains(errs[0], "damaged") || !strings.Contains(errs[0], "to fix:") {
		t.Errorf("want one ERROR saying the file is damaged and what to fix, got %d:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	if code := p.stop(t); code == 0 {
		t.Errorf("SIGTERM with updates held: exit 0, want non-zero; stderr:\n%s", p.stderr.String())
	}
	if !strings.Contains(p.stderr.String(), "could not be saved") {
		t.Errorf("the exit does not say that messages were not saved; stderr:\n%s", p.stderr.String())
	}
	for _, id := range ids {
		if u, _ := r.fake.Update(id); !u.Confirmed.IsZero() {
			t.Errorf("update %d was confirmed to Telegram as the bot stopped", id)
		}
	}

	// The operator's repair: the backup restored, without the damaged
	// file's log.
	for _, f := range []string{r.db + "-wal", r.db + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(r.db, backup, 0o600); err != nil {
		t.Fatal(err)
	}
	again := r.start(t)
	r.awaitAnswered(t, ids, map[int64]int{owner.chatID: 2})
	if code := again.stop(t); code != 0 {
		t.Errorf("SIGTERM after the restore: exit %d, want 0; stderr:\n%s", code, again.stderr.String())
	}
	r.checkAnswers(t, owner, 2)
	r.checkNoRepeats(t, owner.chatID, r.first.chatID)
	if errs := errorLines(again.stderr.String()); len(errs) != 0 {
		t.Errorf("ERRORs after the restore:\n%s", strings.Join(errs, "\n"))
	}
}

// The console on a read-only database: the message cannot be saved and
// would not come again, so the console stops at once, exits non-zero,
// says what is wrong and what to fix, and prints no reply.
func testConsoleReadOnly(t *testing.T, bin string) {
	r := newFaultRig(t, bin, true)
	r.prepare(t)
	r.chmodDB(t, 0o444)
	p := newProc(t, bin, r.dir, nil, "-db", r.db)
	r.asUser(p.cmd)
	p.start(t)
	io.WriteString(p.stdin, "halo\n")
	p.stdin.Close()
	code := p.wait(t)
	stdout, stderr := p.stdout.String(), p.stderr.String()
	if code == 0 || stdout != "" {
		t.Errorf("console on a read-only database: exit %d, stdout %q; want a non-zero exit and no reply", code, stdout)
	}
	for _, s := range []string{"the database cannot be written: the database file is read-only", "to fix: give the user running sobat-ikm write permission",
		"1 message(s) could not be saved"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr)
		}
	}
}

// faultRig is one storage-fault scenario: a database in a folder of its
// own and a fake Bot API, the bot run as the test's user or as nobody.
type faultRig struct {
	bin, dir, db string
	fake         *fakeBotAPI
	uid          int // run the bot as this user and group; 0: as the test
	// first is the owner who greets the bot while the database is made.
	first regScript
}

func newFaultRig(t *testing.T, bin string, asNobody bool) *faultRig {
	t.Helper()
	dir := t.TempDir()
	r := &faultRig{bin: bin, dir: dir, db: filepath.Join(dir, "bot.db"),
		fake: newFakeBotAPI(t, killTestToken, time.Second), first: newRegScript(2)}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("outbox and inbound at the end:\n%s", r.dump())
		}
	})
	if asNobody {
		if os.Geteuid() != 0 {
			t.Skip("needs root, to run the bot as an unprivileged user (root writes to read-only files)")
		}
		shareWithNobody(t, bin, dir)
		r.uid = nobodyID
	}
	return r
}

// shareWithNobody lets nobody run bin and write in dir: dir becomes
// nobody's, and the test's temporary folders above bin and dir can be
// passed through.
func shareWithNobody(t *testing.T, bin, dir string) {
	t.Helper()
	for _, d := range []string{filepath.Dir(dir), filepath.Dir(filepath.Dir(bin))} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chown(dir, nobodyID, nobodyID); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{bin, dir} {
		for d := filepath.Dir(p); ; d = filepath.Dir(d) {
			st, err := os.Stat(d)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm()&0o001 == 0 {
				t.Skipf("uid %d cannot pass through %s", nobodyID, d)
			}
			if d == filepath.Dir(d) {
				break
			}
		}
	}
}

func (r *faultRig) asUser(cmd *exec.Cmd) {
	if r.uid != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(r.uid), Gid: uint32(r.uid)}}
	}
}

// start starts the bot on the rig's database and waits until it polls.
func (r *faultRig) start(t *testing.T) *proc {
	t.Helper()
	p := newProc(t, r.bin, r.dir, []string{"TELEGRAM_BOT_TOKEN=" + killTestToken, "TELEGRAM_API_URL=" + r.fake.URL()}, "-db", r.db)
	r.asUser(p.cmd)
	p.start(t)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the bot's stderr (%v):\n%s", p.cmd.Args, p.stderr.String())
		}
	})
	p.waitFor(t, "telegram long polling")
	return p
}

// startPrepared starts the bot on a new database, has the first owner
// greet it, and waits until the bot has scrubbed the new file (a new
// database owes one scrub, which would fail, and log an ERROR of its
// own, once the storage fails).
func (r *faultRig) startPrepared(t *testing.T) *proc {
	t.Helper()
	p := r.start(t)
	r.awaitAnswered(t, r.send(r.first, 0, 1), map[int64]int{r.first.chatID: 1})
	db, err := sql.Open("sqlite", queryOnlyDSN(r.db))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r.await(t, 10*time.Second, "the scrub of the new database", func() bool {
		var owed bool
		err := db.QueryRow(`SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'scrub_owed')`).Scan(&owed)
		return err == nil && !owed
	})
	return p
}

// prepare makes the database (startPrepared) and stops the bot cleanly,
// which checkpoints the log into the file and removes it.
func (r *faultRig) prepare(t *testing.T) {
	t.Helper()
	p := r.startPrepared(t)
	if code := p.stop(t); code != 0 {
		t.Fatalf("making the database: exit %d; stderr:\n%s", code, p.stderr.String())
	}
	if st, err := os.Stat(r.db + "-wal"); err == nil && st.Size() > 0 {
		t.Fatalf("a clean stop left %d bytes of log", st.Size())
	}
}

// chmodDB sets the mode of the database file and of its -wal and -shm,
// where they are.
func (r *faultRig) chmodDB(t *testing.T, mode fs.FileMode) {
	t.Helper()
	for _, f := range []string{r.db, r.db + "-wal", r.db + "-shm"} {
		if err := os.Chmod(f, mode); err != nil && !(f != r.db && errors.Is(err, fs.ErrNotExist)) {
			t.Fatal(err)
		}
	}
}

// send makes script's owner type the answers of steps [from, to) at once
// and returns their update ids.
func (r *faultRig) send(script regScript, from, to int) []int64 {
	var ids []int64
	for _, st := range script.steps[from:to] {
		ids = append(ids, r.fake.SendText(script.chatID, script.first, st.text))
	}
	return ids
}

// await waits until cond holds, checking it at every event of the fake
// and every 50 ms.
func (r *faultRig) await(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		changed := r.fake.Changed()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-time.After(50 * time.Millisecond):
		case <-deadline.C:
			t.Fatalf("%s: not within %v", what, timeout)
		}
	}
}

// awaitAnswered waits until the updates are confirmed and each chat has
// received at least the given number of messages in all.
func (r *faultRig) awaitAnswered(t *testing.T, ids []int64, replies map[int64]int) {
	t.Helper()
	r.await(t, repairWithin, fmt.Sprintf("updates %v confirmed and answered", ids), func() bool {
		for _, id := range ids {
			if u, _ := r.fake.Update(id); u.Confirmed.IsZero() {
				return false
			}
		}
		for chat, n := range replies {
			if r.fake.SentCount(chat) < n {
				return false
			}
		}
		return true
	})
}

// expectHeld checks, for heldFor, that the updates stay unconfirmed
// although the bot received them, and that the chats get nothing more.
func (r *faultRig) expectHeld(t *testing.T, ids []int64, chats ...int64) {
	t.Helper()
	before := map[int64]int{}
	for _, c := range chats {
		before[c] = r.fake.SentCount(c)
	}
	r.await(t, 10*time.Second, "the bot receives the updates", func() bool {
		u, _ := r.fake.Update(ids[0])
		return u.Deliveries > 0
	})
	time.Sleep(heldFor)
	for _, id := range ids {
		if u, _ := r.fake.Update(id); !u.Confirmed.IsZero() {
			t.Errorf("update %d (%q) was confirmed to Telegram while the database cannot be written", id, u.Text)
		}
	}
	for _, c := range chats {
		if n := r.fake.SentCount(c); n != before[c] {
			t.Errorf("chat %d got %d messages while the database cannot be written", c, n-before[c])
		}
	}
}

// checkAnswers checks that script's owner received exactly the replies
// to its first n steps, in order.
func (r *faultRig) checkAnswers(t *testing.T, script regScript, n int) {
	t.Helper()
	sent := r.fake.Sent(script.chatID)
	if len(sent) != n {
		t.Errorf("chat %d received %d messages, want %d (one per update)", script.chatID, len(sent), n)
	}
	for i, s := range sent[:min(n, len(sent))] {
		if want := script.steps[i].expect; !strings.Contains(strings.ToLower(s.Text), want) {
			t.Errorf("chat %d, message %d: %.80q, want the reply to %q (with %q in it)", script.chatID, i+1, s.Text, script.steps[i].text, want)
		}
	}
}

// checkNoRepeats checks that no chat received the same message twice.
func (r *faultRig) checkNoRepeats(t *testing.T, chats ...int64) {
	t.Helper()
	for _, c := range chats {
		seen := map[string]bool{}
		for _, s := range r.fake.Sent(c) {
			if seen[s.Text] {
				t.Errorf("chat %d received %.60q twice", c, s.Text)
			}
			seen[s.Text] = true
		}
	}
}

// errorLines are the ERROR lines of a log.
func errorLines(log string) []string {
	var out []string
	for line := range strings.Lines(log) {
		if strings.Contains(line, "level=ERROR") {
			out = append(out, strings.TrimRight(line, "\n"))
		}
	}
	return out
}

// damageTable overwrites every page of table's b-tree in the database
// file at path with garbage and returns their numbers. The bot must be
// stopped, its log checkpointed into the file.
func damageTable(t *testing.T, path, table string) []int64 {
	t.Helper()
	db, err := sql.Open("sqlite", queryOnlyDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	var root, pageSize int64
	var pages []int64
	err = db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = ?`, table).Scan(&root)
	if err == nil {
		err = db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	}
	if err == nil {
		pages, err = queryInts(db, `SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno`, table)
	}
	// Closing the only connection removes the -wal and -shm it made.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("reading %s's pages: %v", table, err)
	}
	if !slices.Contains(pages, root) || pageSize < 512 {
		t.Fatalf("%s: root page %d, pages %v of %d bytes", table, root, pages, pageSize)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		t.Fatalf("%s-wal holds %d bytes: the file is not all there is to damage", path, st.Size())
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := bytes.Repeat([]byte("not a b-tree page. "), int(pageSize))[:pageSize]
	for _, n := range pages {
		if _, err := f.WriteAt(garbage, (n-1)*pageSize); err != nil {
			f.Close()
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return pages
}

func queryInts(db *sql.DB, q string, args ...any) ([]int64, error) {
	rows, err := db.Query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	return out, nil
}

// dump lists the outbox and inbound rows, for a failure's report.
func (r *faultRig) dump() string {
	db, err := sql.Open("sqlite", queryOnlyDSN(r.db))
	if err != nil {
		return err.Error()
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, address, status, attempts, created_at, sent_at, substr(body, 1, 60) FROM outbox ORDER BY id`,
		`SELECT address, message_id, received_at FROM inbound ORDER BY received_at`,
	} {
		if err := dumpRows(&b, db, q); err != nil {
			fmt.Fprintln(&b, err)
		}
	}
	return b.String()
}

// dumpRows writes the rows of query q, one a line.
func dumpRows(w io.Writer, db *sql.DB, q string) error {
	rows, err := db.Query(q)
	if err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		fmt.Fprintln(w, vals...)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}
