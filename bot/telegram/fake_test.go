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
	"slices"
	"strconv"
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
	// Files are the uploaded files of a multipart request, by field.
	Files map[string]upload
	At    time.Time
}

// upload is a file sent in a multipart request.
type upload struct {
	Name string
	Data []byte
}

// fakeAPI is a Bot API server for tests. It answers getMe, sendMessage,
// sendPhoto and sendDocument (their uploads recorded in call.Files),
// answerCallbackQuery, setWebhook and deleteWebhook; every call's fields
// are recorded (allowed_updates, reply_markup with its buttons' styles,
// protect_content...). getUpdates hands out queued batches of any kind
// of update (messages, button presses, my_chat_member...), then pending
// updates until they are confirmed, and otherwise waits like a long
// poll; getFile and
// /file/bot<token>/<file_path> serve the files added with addFile.
// respond, when set, may answer a call instead (status, JSON body).
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	calls   []call
	batches [][]string // queued getUpdates results (raw update JSON)
	// pending are updates kept as Telegram keeps them: every getUpdates
	// call (once batches are used up) forgets those below its offset and
	// hands out the rest, so one not confirmed is delivered again.
	pending []string
	nextID  int
	respond func(c call, r *http.Request) (int, string, bool)
	// onGetUpdates, when set, sees every getUpdates call's offset.
	onGetUpdates func(offset string)
	// files are what getFile knows, by file_id; downloads are the paths
	// (escaped, as requested) of every file download.
	files     map[string]fakeFile
	downloads []string
}

// fakeFile is a file the fake serves: getFile answers its path and size,
// and /file/bot<token>/<path> its content.
type fakeFile struct {
	path    string
	size    int64 // file_size getFile announces (0: none)
	content []byte
	status  int   // the download's status instead of 200
	hang    bool  // the download waits until the client gives up
	chunked bool  // sent without a Content-Length
	length  int64 // the Content-Length announced instead of the content's
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/file/") {
		f.serveFile(w, r)
		return
	}
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
			for k, v := range r.MultipartForm.File {
				if c.Files == nil {
					c.Files = map[string]upload{}
				}
				if fh, err := v[0].Open(); err == nil {
					data, _ := io.ReadAll(fh)
					fh.Close()
					c.Files[k] = upload{Name: v[0].Filename, Data: data}
				}
			}
			r.MultipartForm.RemoveAll()
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
	case "sendMessage", "sendPhoto", "sendDocument":
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
		} else if len(f.pending) > 0 {
			offset, _ := strconv.ParseInt(c.Fields["offset"], 10, 64)
			f.pending = slices.DeleteFunc(f.pending, func(u string) bool { return updateID(f.t, u) < offset })
			if len(f.pending) > 0 {
				batch = slices.Clone(f.pending)
			}
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
	case "getFile":
		f.mu.Lock()
		file, ok := f.files[c.Fields["file_id"]]
		f.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}`)
			return
		}
		res := map[string]any{"file_id": c.Fields["file_id"], "file_unique_id": "U" + c.Fields["file_id"], "file_path": file.path}
		if file.size != 0 {
			res["file_size"] = file.size
		}
		body, _ := json.Marshal(map[string]any{"ok": true, "result": res})
		w.Write(body)
	default:
		io.WriteString(w, `{"ok":true,"result":true}`)
	}
}

// serveFile serves GET /file/bot<token>/<file_path>.
func (f *fakeAPI) serveFile(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.downloads = append(f.downloads, r.URL.EscapedPath())
	var file *fakeFile
	for _, ff := range f.files {
		if "/file/bot"+testToken+"/"+ff.path == r.URL.Path {
			file = &ff
			break
		}
	}
	f.mu.Unlock()
	switch {
	case r.Method != http.MethodGet || file == nil:
		http.NotFound(w, r)
		return
	case file.hang:
		<-r.Context().Done()
		return
	case file.status != 0:
		w.WriteHeader(file.status)
		return
	}
	switch {
	case file.length != 0:
		w.Header().Set("Content-Length", strconv.FormatInt(file.length, 10))
	case !file.chunked:
		w.Header().Set("Content-Length", strconv.Itoa(len(file.content)))
	}
	w.WriteHeader(http.StatusOK)
	if file.chunked {
		w.(http.Flusher).Flush()
	}
	w.Write(file.content)
}

// addFile makes getFile know a file.
func (f *fakeAPI) addFile(id string, file fakeFile) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string]fakeFile{}
	}
	f.files[id] = file
}

// downloaded returns the paths of the file downloads so far.
func (f *fakeAPI) downloaded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.downloads...)
}

// keepUpdates adds updates that getUpdates hands out until an offset
// confirms them, as Telegram does.
func (f *fakeAPI) keepUpdates(updates ...string) {
	f.mu.Lock()
	f.pending = append(f.pending, updates...)
	f.mu.Unlock()
}

// updateID reads a raw update's update_id.
func updateID(t testing.TB, raw string) int64 {
	var u struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal([]byte(raw), &u); err != nil {
		t.Errorf("update %s: %v", raw, err)
	}
	return u.UpdateID
}

// allowedUpdates returns the allowed_updates every call of method asked
// for, in order.
func (f *fakeAPI) allowedUpdates(method string) []string {
	var out []string
	for _, c := range f.sent(method) {
		out = append(out, c.Fields["allowed_updates"])
	}
	return out
}

// buttonStyles returns the style of each inline button of a call's
// reply_markup, row by row ("" for a button without one).
func buttonStyles(t testing.TB, c call) []string {
	t.Helper()
	var kb struct {
		InlineKeyboard [][]map[string]any `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(c.Fields["reply_markup"]), &kb); err != nil {
		t.Fatalf("reply_markup %q: %v", c.Fields["reply_markup"], err)
	}
	var out []string
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			style, _ := b["style"].(string)
			out = append(out, style)
		}
	}
	return out
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
