package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const tgToken = "987654:CMD-test-token-secret"

func TestTelegramChannelOffWithoutToken(t *testing.T) {
	ch, ok, err := telegramChannel(context.Background(), options{http: ":0"}, noEnv, slog.New(slog.DiscardHandler), nil)
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
	_, _, err := telegramChannel(context.Background(), options{http: ":0"}, func(k string) string { return env[k] }, slog.New(slog.DiscardHandler), nil)
	if err == nil || strings.Contains(err.Error(), tgToken) {
		t.Errorf("bad secret: err %v, want an error without the token", err)
	}
}
