package telegram

import (
	"context"
	"encoding/json"
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

	"sobat-ikm/bot"
	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

const testToken = "123456:TEST-token-secret-part"

// call is one request the fake Bot API received.
type call struct {
	Method string
	Fields map[string]string
	At     time.Time
}

// fakeAPI is a Bot API server for tests. It answers getMe, sendMessage,
// answerCallbackQuery, setWebhook and deleteWebhook; getUpdates hands out
// queued batches and otherwise waits like a long poll. respond, when set,
// may answer a call instead (status, JSON body).
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	calls   []call
	batches [][]string // queued getUpdates results (raw update JSON)
	nextID  int
	respond func(c call, r *http.Request) (int, string, bool)
	// onGetUpdates, when set, sees every getUpdates call's offset.
	onGetUpdates func(offset string)
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	token, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !ok || token != testToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	c := call{Method: method, Fields: map[string]string{}, At: time.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err == nil {
			for k, v := range r.MultipartForm.Value {
				c.Fields[k] = v[0]
			}
		}
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	respond := f.respond
	f.mu.Unlock()
	if respond != nil {
		if status, body, ok := respond(c, r); ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, body)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "getMe":
		io.WriteString(w, `{"ok":true,"result":{"id":123456,"is_bot":true,"first_name":"Sobat IKM","username":"SobatIKMBot"}}`)
	case "sendMessage":
		f.mu.Lock()
		f.nextID++
		id := f.nextID
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":1764000000,"chat":{"id":%s,"type":"private"}}}`, id, c.Fields["chat_id"])
	case "getUpdates":
		f.mu.Lock()
		hook := f.onGetUpdates
		var batch []string
		if len(f.batches) > 0 {
			batch, f.batches = f.batches[0], f.batches[1:]
		}
		f.mu.Unlock()
		if hook != nil {
			hook(c.Fields["offset"])
		}
		if batch == nil && c.Fields["timeout"] != "0" { // a long poll with nothing new
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		}
		io.WriteString(w, `{"ok":true,"result":[`+strings.Join(batch, ",")+`]}`)
	default:
		io.WriteString(w, `{"ok":true,"result":true}`)
	}
}

// queueUpdates adds a batch for getUpdates.
func (f *fakeAPI) queueUpdates(updates ...string) {
	f.mu.Lock()
	f.batches = append(f.batches, updates)
	f.mu.Unlock()
}

func (f *fakeAPI) setRespond(fn func(c call, r *http.Request) (int, string, bool)) {
	f.mu.Lock()
	f.respond = fn
	f.mu.Unlock()
}

// sent returns the calls of method, in order.
func (f *fakeAPI) sent(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitFor polls cond until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// newTestAdapter makes an adapter against the fake, with pacing off
// unless the config says otherwise.
func newTestAdapter(t testing.TB, f *fakeAPI, cfg Config) *Adapter {
	t.Helper()
	cfg.Token = testToken
	cfg.APIURL = f.srv.URL
	if cfg.Log == nil {
		cfg.Log = quietLog()
	}
	if cfg.Limits == (bot.Limits{}) {
		cfg.Limits = bot.Limits{Global: 10000, PerChat: 10000, PerChatBurst: 100, GlobalBurst: 100}
	}
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = 3 * time.Second
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// testClock is the frozen clock tests move by hand.
type testClock = bottest.Clock

func newClock() *testClock { return bottest.NewClock() }

// compactJSON re-encodes a JSON text without spaces, for comparisons.
func compactJSON(t testing.TB, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %q: %v", s, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// logBuffer collects log lines; safe for concurrent use.
type logBuffer struct{ bottest.Buffer }

// logger writes text lines to l, at debug level.
func (l *logBuffer) logger() *slog.Logger { return l.Logger(slog.LevelDebug) }

// testMessage is an outbox row for chat 777.
func testMessage(text string) store.OutboxMessage {
	return store.OutboxMessage{ID: 1, Chat: chatKey(777), Reply: store.Reply{Text: text}}
}
