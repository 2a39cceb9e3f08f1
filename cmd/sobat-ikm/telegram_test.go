package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/store"
)

const tgToken = "987654:CMD-test-token-secret"

func TestTelegramChannelOffWithoutToken(t *testing.T) {
	ch, ok, err := telegramChannel(context.Background(), options{http: ":0"}, noEnv, testLocks(t), slog.New(slog.DiscardHandler), nil, nil)
	if ch != nil || ok || err != nil {
		t.Fatalf("without a token: %v %v %v, want nothing", ch, ok, err)
	}
}

// tgFake is a Bot API server that serves one /start update and records
// the bot's messages.
type tgFake struct {
	mu     sync.Mutex
	served bool
	sent   []string
}

func (f *tgFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	w.Header().Set("Content-Type", "application/json")
	if token != tgToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	r.ParseMultipartForm(1 << 20)
	switch method {
	case "getMe":
		io.WriteString(w, `{"ok":true,"result":{"id":987654,"is_bot":true,"first_name":"Sobat IKM"}}`)
	case "getUpdates":
		f.mu.Lock()
		first := !f.served
		f.served = true
		f.mu.Unlock()
		if first {
			io.WriteString(w, `{"ok":true,"result":[{"update_id":1,"message":{"message_id":1,"from":{"id":31,"is_bot":false,"first_name":"A"},"chat":{"id":31,"type":"private"},"date":1764000000,"text":"/start"}}]}`)
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
		io.WriteString(w, `{"ok":true,"result":[]}`)
	case "sendMessage":
		f.mu.Lock()
		f.sent = append(f.sent, r.FormValue("chat_id")+": "+r.FormValue("text"))
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":2,"date":1764000000,"chat":{"id":31,"type":"private"}}}`)
	default:
		io.WriteString(w, `{"ok":true,"result":true}`)
	}
}

func (f *tgFake) messages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent...)
}

// With TELEGRAM_BOT_TOKEN set the program serves Telegram (and not the
// console), greets a /start, and stops cleanly on a signal; the token is
// never logged.
func TestServeTelegram(t *testing.T) {
	fake := &tgFake{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_API_URL": srv.URL}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-db", filepath.Join(t.TempDir(), "t.db"), "-log-level", "debug"},
			func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for len(fake.messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d; stderr:\n%s", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("did not stop")
	}
	got := fake.messages()
	if len(got) != 1 || !strings.HasPrefix(got[0], "31: ") || !strings.Contains(got[0], "Selamat datang") {
		t.Errorf("bot sent %q, want the greeting to chat 31", got)
	}
	if out.Len() != 0 {
		t.Errorf("console output with Telegram on: %q", out.String())
	}
	if !strings.Contains(errOut.String(), "channel=telegram") {
		t.Errorf("no start line for telegram in:\n%s", errOut.String())
	}
	if strings.Contains(errOut.String(), tgToken) || strings.Contains(errOut.String(), "CMD-test-token-secret") {
		t.Errorf("token logged:\n%s", errOut.String())
	}
}

func TestTelegramChannelBadConfig(t *testing.T) {
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg",
		"TELEGRAM_WEBHOOK_SECRET": "not a valid secret!"}
	_, _, err := telegramChannel(context.Background(), options{http: ":0"}, func(k string) string { return env[k] }, testLocks(t), slog.New(slog.DiscardHandler), nil, nil)
	if err == nil || strings.Contains(err.Error(), tgToken) {
		t.Errorf("bad secret: err %v, want an error without the token", err)
	}
	env["TELEGRAM_BOT_TOKEN"] = "CMD-test-token-secret"
	_, _, err = telegramChannel(context.Background(), options{http: ":0"}, func(k string) string { return env[k] }, testLocks(t), slog.New(slog.DiscardHandler), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") || strings.Contains(err.Error(), "CMD-test") {
		t.Errorf("token without a bot id: err %v, want one naming the variable, not the token", err)
	}
}

// testLocks are channel locks on a database in a temporary folder.
func testLocks(t *testing.T) *channelLocks {
	t.Helper()
	l := &channelLocks{db: filepath.Join(t.TempDir(), "bot.db"), now: time.Now}
	t.Cleanup(func() { l.release() })
	return l
}

// A second Telegram channel for the same bot on the same database is
// refused with the holder's pid and the bot's id, never the token; the
// same bot on another database is not (another bot: TestBinary).
func TestTelegramChannelLock(t *testing.T) {
	fake := &tgFake{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_API_URL": srv.URL}
	getenv := func(k string) string { return env[k] }
	ctx, log := context.Background(), slog.New(slog.DiscardHandler)
	first := testLocks(t)
	opts := options{db: first.db, http: ":0"}
	if _, ok, err := telegramChannel(ctx, opts, getenv, first, log, nil, nil); !ok || err != nil {
		t.Fatalf("first channel: %v, %v", ok, err)
	}
	lockFile := first.db + ".telegram-987654.lock"
	if data, err := os.ReadFile(lockFile); err != nil || !strings.Contains(string(data), fmt.Sprintf("pid %d\n", os.Getpid())) {
		t.Errorf("lock file %s: %q, %v", lockFile, data, err)
	}

	second := &channelLocks{db: first.db, now: time.Now}
	_, ok, err := telegramChannel(ctx, opts, getenv, second, log, nil, nil)
	if ok || !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second channel on the same bot and database: %v, %v; want refused", ok, err)
	}
	for _, s := range []string{fmt.Sprintf("process %d", os.Getpid()), "bot 987654", "serving Telegram bot 987654", "stop that process first"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("refusal %q lacks %q", err, s)
		}
	}
	if strings.Contains(err.Error(), "CMD-test-token-secret") {
		t.Errorf("refusal shows the token: %v", err)
	}

	other := testLocks(t)
	if _, ok, err := telegramChannel(ctx, options{db: other.db, http: ":0"}, getenv, other, log, nil, nil); !ok || err != nil {
		t.Errorf("same bot on another database: %v, %v; want it served", ok, err)
	}
	first.release()
	if _, ok, err := telegramChannel(ctx, opts, getenv, second, log, nil, nil); !ok || err != nil {
		t.Errorf("after the first released: %v, %v; want it served", ok, err)
	}
	second.release()
}
