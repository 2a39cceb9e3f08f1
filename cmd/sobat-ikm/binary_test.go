//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sobat-ikm/bot/bottest"
)

// TestBinary runs the built program as separate processes, for what one
// process cannot show: two processes on one database.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sobat-ikm")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	api := httptest.NewServer(pollFake{})
	defer api.Close()
	const (
		token      = "111111:first-bot-secret-token"
		otherToken = "222222:other-bot-secret-token"
	)
	// Logged once the start is over: a signal before it makes the
	// program exit 1 (the first delivery of queued messages is cut short).
	const polling = "telegram long polling"
	env := func(tok string) []string {
		return []string{"TELEGRAM_BOT_TOKEN=" + tok, "TELEGRAM_API_URL=" + api.URL}
	}

	t.Run("TelegramLock", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "bot.db")
		first := startProc(t, bin, dir, env(token), "-db", db)
		first.waitFor(t, polling)

		// The same bot on the same database: refused at once, naming the
		// first process.
		began := time.Now()
		code, _, stderr := runProc(t, bin, dir, env(token), "", "-db", db)
		if code == 0 {
			t.Fatalf("second process on the same bot and database exited 0; stderr:\n%s", stderr)
		}
		if took := time.Since(began); took > 5*time.Second {
			t.Errorf("the refusal took %s", took)
		}
		for _, s := range []string{fmt.Sprintf("process %d", first.cmd.Process.Pid), "bot 111111", "bot.db.telegram-111111.lock", "stop that process first"} {
			if !strings.Contains(stderr, s) {
				t.Errorf("refusal lacks %q:\n%s", s, stderr)
			}
		}
		if strings.Contains(stderr, "first-bot-secret-token") {
			t.Errorf("the token was logged:\n%s", stderr)
		}

		// A CLI subcommand still runs beside the bot.
		if code, stdout, stderr := runProc(t, bin, dir, nil, "", "-db", db, "whatsapp", "status"); code != 0 || !strings.Contains(stdout, "not linked") {
			t.Errorf("whatsapp status beside the bot: exit %d, %q, %q", code, stdout, stderr)
		}
		// Another bot on the same database, and the same bot on another
		// database, start.
		other := startProc(t, bin, dir, env(otherToken), "-db", db)
		other.waitFor(t, polling)
		if code := other.stop(t); code != 0 {
			t.Errorf("another bot on the same database: exit %d; stderr:\n%s", code, other.stderr.String())
		}
		elsewhere := startProc(t, bin, dir, env(token), "-db", filepath.Join(t.TempDir(), "other.db"))
		elsewhere.waitFor(t, polling)
		if code := elsewhere.stop(t); code != 0 {
			t.Errorf("the same bot on another database: exit %d; stderr:\n%s", code, elsewhere.stderr.String())
		}

		// A holder killed without a chance to release leaves no stale lock.
		first.cmd.Process.Kill()
		first.wait(t)
		again := startProc(t, bin, dir, env(token), "-db", db)
		again.waitFor(t, polling)
		if code := again.stop(t); code != 0 {
			t.Errorf("after the holder was killed: exit %d; stderr:\n%s", code, again.stderr.String())
		}
		files, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "*.lock"))
		for _, f := range files {
			if strings.Contains(f, "secret") {
				t.Errorf("lock file named with the token: %s", f)
			}
		}
	})

	t.Run("EmptyDatabase", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "bot.db")
		if err := os.WriteFile(db, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runProc(t, bin, dir, nil, "halo\n", "-db", db)
		if code == 0 || stdout != "" {
			t.Errorf("a 0-byte database: exit %d, stdout %q; want a refusal", code, stdout)
		}
		for _, s := range []string{db + " exists but has 0 bytes", "may be lost", "backup", "new, empty database"} {
			if !strings.Contains(stderr, s) {
				t.Errorf("refusal lacks %q:\n%s", s, stderr)
			}
		}
		if st, err := os.Stat(db); err != nil || st.Size() != 0 {
			t.Errorf("the empty file was changed: %v, %v", st, err)
		}
	})

	t.Run("ConsolesSideBySide", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "bot.db")
		ani := startProc(t, bin, dir, nil, "-db", db, "-chat", "ani")
		ani.waitFor(t, "sobat-ikm started")
		budi := startProc(t, bin, dir, nil, "-db", db, "-chat", "budi")
		budi.waitFor(t, "sobat-ikm started")
		for _, p := range []*proc{ani, budi} {
			io.WriteString(p.stdin, "halo\n")
			p.stdin.Close()
			if code := p.wait(t); code != 0 || !strings.Contains(p.stdout.String(), "Selamat datang") {
				t.Errorf("console %v: exit %d, stdout %q; stderr:\n%s", p.cmd.Args, code, p.stdout.String(), p.stderr.String())
			}
		}
	})
}

// pollFake is a Bot API server for any bot: getMe answers with the
// token's bot id, getUpdates waits a second and brings nothing.
type pollFake struct{}

func (pollFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	id, _, _ := strings.Cut(token, ":")
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "getMe":
		fmt.Fprintf(w, `{"ok":true,"result":{"id":%s,"is_bot":true,"first_name":"Sobat IKM"}}`, id)
	case "getUpdates":
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
		io.WriteString(w, `{"ok":true,"result":[]}`)
	default:
		io.WriteString(w, `{"ok":true,"result":true}`)
	}
}

// proc is the program running as a separate process.
type proc struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout, stderr *syncBuffer
	done           chan struct{}
	code           int
}

// programEnv is the test's environment without any Telegram setting, plus
// extra.
func programEnv(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TELEGRAM_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// startProc starts the program in dir; it is killed at the test's end if
// still running.
func startProc(t testing.TB, bin, dir string, env []string, args ...string) *proc {
	t.Helper()
	p := newProc(t, bin, dir, env, args...)
	p.start(t)
	return p
}

// newProc prepares the program to run in dir, for a test that sets more
// of p.cmd (the user to run as) before p.start.
func newProc(t testing.TB, bin, dir string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Env = programEnv(env)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.stdin = stdin
	return p
}

// start starts the program prepared by newProc; it is killed at the
// test's end if still running.
func (p *proc) start(t testing.TB) {
	t.Helper()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		p.code = exitCode(err)
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
}

// runProc runs the program to its end with stdin as its input.
func runProc(t *testing.T, bin, dir string, env []string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	p := startProc(t, bin, dir, env, args...)
	io.WriteString(p.stdin, stdin)
	p.stdin.Close()
	code = p.wait(t)
	return code, p.stdout.String(), p.stderr.String()
}

// waitFor waits until the program logged s.
func (p *proc) waitFor(t testing.TB, s string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.stderr.String(), s) {
		select {
		case <-p.done:
			t.Fatalf("%v exited (%d) before logging %q; stderr:\n%s", p.cmd.Args, p.code, s, p.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v did not log %q; stderr:\n%s", p.cmd.Args, s, p.stderr.String())
		}
	}
}

// wait waits for the program's end and returns its exit code.
func (p *proc) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(30 * time.Second):
		t.Fatalf("%v did not exit; stderr:\n%s", p.cmd.Args, p.stderr.String())
		return -1
	}
}

// stop stops the program as the operator's Ctrl-C or systemd would.
func (p *proc) stop(t testing.TB) int {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	return p.wait(t)
}

func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// syncBuffer is written by a process and read by the test.
type syncBuffer = bottest.Buffer
