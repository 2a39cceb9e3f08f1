package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// fakeBotAPI is a Bot API server for tests that run the real binary
// against it (the kill test; a storage-fault test can reuse it). It keeps
// Telegram's offset semantics, which is what the kill test is about:
//
//   - getUpdates returns the updates not yet confirmed, oldest first; it
//     waits up to min(timeout, maxPoll) when there are none and wakes as
//     soon as one is created;
//   - getUpdates with offset=N confirms every update below N: they are
//     forgotten for good and never returned again, whatever happens to
//     the process that asked;
//   - an update returned but not confirmed (the process died before its
//     next getUpdates) is returned again;
//   - a getUpdates that arrives while another one waits ends the older one
//     with 409 Conflict, as Telegram does.
//
// sendMessage records the message and answers with a Message like
// Telegram's; a message is recorded only once its request was read in
// full, which is when Telegram would have delivered it. Request bodies
// may be multipart/form-data (go-telegram/bot), urlencoded or JSON.
//
// Owners are simulated with SendText and PressButton; Sent gives what the
// bot sent to a chat; Changed wakes waiters on every new update, sent
// message or confirmation.
type fakeBotAPI struct {
	token   string
	maxPoll time.Duration
	srv     *httptest.Server

	mu        sync.Mutex
	updates   []*fakeUpdate // every update created; updates[i].ID == firstUpdateID+i
	offset    int64         // every update below it is confirmed
	nextMsg   map[int64]int // next message_id per chat (shared by both sides, as in Telegram)
	nextCB    int64
	sent      map[int64][]fakeSent
	nSent     int
	calls     map[string]int
	conflicts int
	badReqs   int
	changed   chan struct{} // closed and replaced on every event
	poll      chan struct{} // closed to end the waiting getUpdates with 409
	intercept func(method string, params map[string]string) (status int, body string, handled bool)
}

// firstUpdateID is the id of the first update; Telegram's ids are large.
const firstUpdateID int64 = 800_000_001

// fakeUpdate is one update an owner made.
type fakeUpdate struct {
	ID     int64
	ChatID int64
	// Text is the typed text, or the callback data of a pressed button.
	Text   string
	Button bool
	JSON   []byte
	// Created is when the owner sent it; Confirmed is when a getUpdates
	// offset passed it (zero while Telegram still holds it).
	Created, Confirmed time.Time
	// Deliveries is how many getUpdates answers carried it.
	Deliveries int
}

// fakeSent is one message the bot sent.
type fakeSent struct {
	ChatID    int64
	MessageID int
	Text      string
	Markup    string // reply_markup as sent (JSON), or ""
	At        time.Time
}

// fakeStats are the fake's counters.
type fakeStats struct {
	Updates, Confirmed, Redelivered int
	Sent                            int
	Calls                           map[string]int // by method name in lower case
	Conflicts, BadRequests          int
}

// newFakeBotAPI starts a fake Bot API for the token; it stops when the
// test ends. maxPoll caps a long poll's wait (Telegram honours up to 50 s;
// a short cap keeps a test moving and changes nothing else).
func newFakeBotAPI(t testing.TB, token string, maxPoll time.Duration) *fakeBotAPI {
	f := &fakeBotAPI{
		token:   token,
		maxPoll: maxPoll,
		offset:  firstUpdateID,
		nextMsg: map[int64]int{},
		sent:    map[int64][]fakeSent{},
		calls:   map[string]int{},
		changed: make(chan struct{}),
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the server's address, for TELEGRAM_API_URL.
func (f *fakeBotAPI) URL() string { return f.srv.URL }

// SetIntercept lets a test answer calls itself (faults, errors): when fn
// returns handled, its status and JSON body are sent instead. Nothing is
// recorded for an intercepted sendMessage.
func (f *fakeBotAPI) SetIntercept(fn func(method string, params map[string]string) (int, string, bool)) {
	f.mu.Lock()
	f.intercept = fn
	f.mu.Unlock()
}

// Changed returns a channel that is closed at the next event: an update
// created, a message sent, an update confirmed.
func (f *fakeBotAPI) Changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.changed
}

// notifyLocked wakes the waiters; f.mu is held.
func (f *fakeBotAPI) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

type tgUser struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	Username  string `json:"username,omitempty"`
}

type tgChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	FirstName string `json:"first_name,omitempty"`
}

type tgMessage struct {
	MessageID   int             `json:"message_id"`
	From        *tgUser         `json:"from,omitempty"`
	Chat        tgChat          `json:"chat"`
	Date        int64           `json:"date"`
	Text        string          `json:"text,omitempty"`
	ReplyMarkup json.RawMessage `json:"reply_markup,omitempty"`
}

type tgCallbackQuery struct {
	ID           string    `json:"id"`
	From         tgUser    `json:"from"`
	Message      tgMessage `json:"message"`
	ChatInstance string    `json:"chat_instance"`
	Data         string    `json:"data"`
}

type tgUpdate struct {
	UpdateID      int64            `json:"update_id"`
	Message       *tgMessage       `json:"message,omitempty"`
	CallbackQuery *tgCallbackQuery `json:"callback_query,omitempty"`
}

// fakeBotUser is the bot itself.
func fakeBotUser() tgUser {
	return tgUser{ID: 123456, IsBot: true, FirstName: "Sobat IKM", Username: "SobatIKMBot"}
}

func ownerUser(chatID int64, name string) tgUser {
	return tgUser{ID: chatID, FirstName: name}
}

func privateChat(chatID int64, name string) tgChat {
	return tgChat{ID: chatID, Type: "private", FirstName: name}
}

// SendText makes the owner of chatID (first name name) send text; it
// returns the update's id.
func (f *fakeBotAPI) SendText(chatID int64, name, text string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := firstUpdateID + int64(len(f.updates))
	f.nextMsg[chatID]++
	from := ownerUser(chatID, name)
	u := tgUpdate{UpdateID: id, Message: &tgMessage{MessageID: f.nextMsg[chatID], From: &from,
		Chat: privateChat(chatID, name), Date: time.Now().Unix(), Text: text}}
	f.addLocked(u, chatID, text, false)
	return id
}

// PressButton makes the owner of chatID press the inline button with
// callback data data under the bot's message msg; it returns the update's
// id.
func (f *fakeBotAPI) PressButton(chatID int64, name string, msg fakeSent, data string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := firstUpdateID + int64(len(f.updates))
	f.nextCB++
	bot := fakeBotUser()
	u := tgUpdate{UpdateID: id, CallbackQuery: &tgCallbackQuery{
		ID:   strconv.FormatInt(4_000_000_000_000_000_000+f.nextCB, 10),
		From: ownerUser(chatID, name),
		Message: tgMessage{MessageID: msg.MessageID, From: &bot, Chat: privateChat(chatID, name),
			Date: msg.At.Unix(), Text: msg.Text, ReplyMarkup: json.RawMessage(msg.Markup)},
		ChatInstance: strconv.FormatInt(-chatID, 10),
		Data:         data,
	}}
	if msg.Markup == "" {
		u.CallbackQuery.Message.ReplyMarkup = nil
	}
	f.addLocked(u, chatID, data, true)
	return id
}

func (f *fakeBotAPI) addLocked(u tgUpdate, chatID int64, text string, button bool) {
	raw, err := json.Marshal(u)
	if err != nil {
		panic(err) // plain structs: cannot fail
	}
	fu := &fakeUpdate{ID: u.UpdateID, ChatID: chatID, Text: text, Button: button, JSON: raw, Created: time.Now()}
	if fu.ID < f.offset { // a client confirmed ids ahead of time: forgotten at once
		fu.Confirmed = fu.Created
	}
	f.updates = append(f.updates, fu)
	f.notifyLocked()
}

// Update returns a copy of update id, and false when there is no such
// update.
func (f *fakeBotAPI) Update(id int64) (fakeUpdate, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := id - firstUpdateID
	if i < 0 || i >= int64(len(f.updates)) {
		return fakeUpdate{}, false
	}
	u := *f.updates[i]
	return u, true
}

// Updates returns copies of every update created, in order.
func (f *fakeBotAPI) Updates() []fakeUpdate {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]fakeUpdate, len(f.updates))
	for i, u := range f.updates {
		out[i] = *u
	}
	return out
}

// Sent returns the messages sent to chatID, in the order they arrived.
func (f *fakeBotAPI) Sent(chatID int64) []fakeSent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeSent(nil), f.sent[chatID]...)
}

// SentCount is how many messages the bot sent to chatID.
func (f *fakeBotAPI) SentCount(chatID int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent[chatID])
}

// Stats returns the fake's counters.
func (f *fakeBotAPI) Stats() fakeStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := fakeStats{Updates: len(f.updates), Sent: f.nSent, Calls: map[string]int{},
		Conflicts: f.conflicts, BadRequests: f.badReqs}
	for _, u := range f.updates {
		if !u.Confirmed.IsZero() {
			s.Confirmed++
		}
		if u.Deliveries > 1 {
			s.Redelivered++
		}
	}
	for k, v := range f.calls {
		s.Calls[k] = v
	}
	return s
}

// apiError is a Bot API error answer.
func apiError(code int, description string) (int, string) {
	b, _ := json.Marshal(map[string]any{"ok": false, "error_code": code, "description": description})
	return code, string(b)
}

// apiResult is a Bot API success answer.
func apiResult(result any) (int, string) {
	b, err := json.Marshal(map[string]any{"ok": true, "result": result})
	if err != nil {
		return apiError(http.StatusInternalServerError, "Internal Server Error: "+err.Error())
	}
	return http.StatusOK, string(b)
}

func (f *fakeBotAPI) serve(w http.ResponseWriter, r *http.Request) {
	status, body := f.handle(r)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func (f *fakeBotAPI) handle(r *http.Request) (int, string) {
	token, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !ok || token != f.token {
		return apiError(http.StatusUnauthorized, "Unauthorized")
	}
	params, err := requestParams(r)
	f.mu.Lock()
	f.calls[strings.ToLower(method)]++ // Bot API method names ignore case
	intercept := f.intercept
	if err != nil {
		f.badReqs++
	}
	f.mu.Unlock()
	if err != nil {
		// A body cut short (the client died mid-request): Telegram would
		// not act on it either.
		return apiError(http.StatusBadRequest, "Bad Request: "+err.Error())
	}
	if intercept != nil {
		if status, body, handled := intercept(method, params); handled {
			return status, body
		}
	}
	switch strings.ToLower(method) {
	case "getme":
		return apiResult(fakeBotUser())
	case "getupdates":
		return f.getUpdates(r.Context(), params)
	case "sendmessage":
		return f.sendMessage(params)
	case "deletewebhook", "setwebhook", "answercallbackquery", "setmycommands", "sendchataction", "close", "logout":
		return apiResult(true)
	default:
		return apiError(http.StatusNotFound, "Not Found: method not found")
	}
}

// requestParams reads a Bot API request's parameters, from the query
// string and from a multipart, urlencoded or JSON body. Values that are
// not strings in JSON (numbers, arrays, objects) are kept as JSON text,
// the way they travel in a form. A body cut short (the client died while
// sending it) is an error.
func requestParams(r *http.Request) (map[string]string, error) {
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	if r.Body == nil {
		return params, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	if len(bytes.TrimSpace(body)) == 0 { // go-telegram/bot sends no body for a call without parameters
		return params, nil
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), ctParams["boundary"]).ReadForm(1 << 20)
		if err != nil {
			return nil, fmt.Errorf("multipart body: %w", err)
		}
		defer form.RemoveAll()
		for k, v := range form.Value {
			params[k] = v[0]
		}
	case "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("urlencoded body: %w", err)
		}
		for k, v := range values {
			params[k] = v[0]
		}
	case "application/json":
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			return nil, fmt.Errorf("JSON body: %w", err)
		}
		for k, v := range fields {
			var s string
			if json.Unmarshal(v, &s) == nil {
				params[k] = s
			} else if string(v) != "null" {
				params[k] = string(v)
			}
		}
	default:
		return nil, fmt.Errorf("body of type %q", ct)
	}
	return params, nil
}

func intParam(params map[string]string, key string, def int64) (int64, error) {
	v, ok := params[key]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	return n, nil
}

// getUpdates confirms what lies below offset, then returns the pending
// updates, waiting for some when there are none.
func (f *fakeBotAPI) getUpdates(ctx context.Context, params map[string]string) (int, string) {
	offset, err1 := intParam(params, "offset", 0)
	limit, err2 := intParam(params, "limit", 100)
	timeout, err3 := intParam(params, "timeout", 0)
	if err := errors.Join(err1, err2, err3); err != nil {
		return apiError(http.StatusBadRequest, "Bad Request: "+err.Error())
	}
	limit = min(max(limit, 1), 100)
	wait := min(time.Duration(max(timeout, 0))*time.Second, f.maxPoll)
	deadline := time.NewTimer(wait)
	defer deadline.Stop()

	f.mu.Lock()
	if offset > f.offset {
		now := time.Now()
		for id := f.offset; id < offset && id-firstUpdateID < int64(len(f.updates)); id++ {
			f.updates[id-firstUpdateID].Confirmed = now
		}
		f.offset = offset
		f.notifyLocked()
	}
	if f.poll != nil { // a newer getUpdates ends the waiting one
		close(f.poll)
	}
	mine := make(chan struct{})
	f.poll = mine
	f.mu.Unlock()

	for {
		f.mu.Lock()
		var batch []json.RawMessage
		for i := f.offset - firstUpdateID; i < int64(len(f.updates)) && int64(len(batch)) < limit; i++ {
			u := f.updates[i]
			u.Deliveries++
			batch = append(batch, u.JSON)
		}
		changed := f.changed
		if len(batch) > 0 || wait == 0 {
			if f.poll == mine {
				f.poll = nil
			}
			f.mu.Unlock()
			if batch == nil {
				batch = []json.RawMessage{}
			}
			return apiResult(batch)
		}
		f.mu.Unlock()
		select {
		case <-changed:
		case <-mine:
			f.mu.Lock()
			f.conflicts++
			f.mu.Unlock()
			return apiError(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
		case <-ctx.Done(): // the client went away
			f.mu.Lock()
			if f.poll == mine {
				f.poll = nil
			}
			f.mu.Unlock()
			return apiError(http.StatusBadRequest, "client gone")
		case <-deadline.C:
			wait = 0
		}
	}
}

// sendMessage records a message to a private chat.
func (f *fakeBotAPI) sendMessage(params map[string]string) (int, string) {
	chatID, err := strconv.ParseInt(params["chat_id"], 10, 64)
	if err != nil || chatID == 0 {
		return apiError(http.StatusBadRequest, "Bad Request: chat not found")
	}
	text := params["text"]
	if strings.TrimSpace(text) == "" {
		return apiError(http.StatusBadRequest, "Bad Request: message text is empty")
	}
	if utf16Len(text) > 4096 {
		return apiError(http.StatusBadRequest, "Bad Request: message is too long")
	}
	markup := params["reply_markup"]
	if markup != "" && !json.Valid([]byte(markup)) {
		return apiError(http.StatusBadRequest, "Bad Request: can't parse reply keyboard markup JSON object")
	}
	f.mu.Lock()
	f.nextMsg[chatID]++
	s := fakeSent{ChatID: chatID, MessageID: f.nextMsg[chatID], Text: text, Markup: markup, At: time.Now()}
	f.sent[chatID] = append(f.sent[chatID], s)
	f.nSent++
	f.notifyLocked()
	f.mu.Unlock()
	bot := fakeBotUser()
	m := tgMessage{MessageID: s.MessageID, From: &bot, Chat: privateChat(chatID, ""), Date: s.At.Unix(), Text: text}
	if strings.Contains(markup, `"inline_keyboard"`) { // Telegram echoes inline keyboards only
		m.ReplyMarkup = json.RawMessage(markup)
	}
	return apiResult(m)
}

// utf16Len is text's length in UTF-16 code units, Telegram's unit.
func utf16Len(text string) int {
	n := 0
	for _, r := range text {
		n += utf16.RuneLen(r)
	}
	return n
}

// inlineButtons returns the callback data of a sent message's inline
// keyboard, by the button's label.
func inlineButtons(s fakeSent) map[string]string {
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	out := map[string]string{}
	if s.Markup == "" || json.Unmarshal([]byte(s.Markup), &kb) != nil {
		return out
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != "" {
				out[b.Text] = b.CallbackData
			}
		}
	}
	return out
}

// fakeURLPath is the path of a Bot API method, for tests that call the
// fake directly.
func fakeURLPath(token, method string) string {
	return "/bot" + url.PathEscape(token) + "/" + method
}

// The fake keeps Telegram's offset semantics whatever the body encoding:
// unconfirmed updates come again, an offset forgets what lies below it
// for good, a long poll wakes on a new update, and a second getUpdates
// ends the waiting one with 409.
func TestFakeBotAPI(t *testing.T) {
	f := newFakeBotAPI(t, killTestToken, 2*time.Second)
	do := func(method, contentType, body string) (int, string, error) {
		req, err := http.NewRequest(http.MethodPost, f.URL()+fakeURLPath(killTestToken, method), strings.NewReader(body))
		if err != nil {
			return 0, "", err
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	call := func(method, contentType, body string) (int, string) {
		t.Helper()
		code, got, err := do(method, contentType, body)
		if err != nil {
			t.Fatal(err)
		}
		return code, got
	}
	multipartBody := func(fields map[string]string) (string, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for k, v := range fields {
			w.WriteField(k, v)
		}
		w.Close()
		return w.FormDataContentType(), buf.String()
	}
	updateIDs := func(body string) []int64 {
		t.Helper()
		var r struct {
			OK     bool `json:"ok"`
			Result []struct {
				UpdateID int64 `json:"update_id"`
			} `json:"result"`
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil || !r.OK {
			t.Fatalf("getUpdates answered %s (%v)", body, err)
		}
		var ids []int64
		for _, u := range r.Result {
			ids = append(ids, u.UpdateID)
		}
		return ids
	}

	if code, body := call("getMe", "", ""); code != http.StatusOK || !strings.Contains(body, `"is_bot":true`) {
		t.Fatalf("getMe: %d %s", code, body)
	}
	u1 := f.SendText(42, "A", "halo")
	u2 := f.SendText(42, "A", "1")
	ct, body := multipartBody(map[string]string{"offset": "0", "timeout": "1", "allowed_updates": `["message"]`})
	if _, got := call("getUpdates", ct, body); !slices.Equal(updateIDs(got), []int64{u1, u2}) {
		t.Fatalf("first getUpdates: %s, want %d and %d", got, u1, u2)
	}
	// Not confirmed: both come again.
	if _, got := call("getUpdates", "application/x-www-form-urlencoded", "timeout=0"); len(updateIDs(got)) != 2 {
		t.Fatalf("unconfirmed updates not delivered again: %s", got)
	}
	// offset=u2 confirms u1 only, for good.
	_, got := call("getUpdates", "application/json", fmt.Sprintf(`{"offset":%d,"timeout":0,"allowed_updates":["message"]}`, u2))
	if !slices.Equal(updateIDs(got), []int64{u2}) {
		t.Fatalf("after offset %d: %s", u2, got)
	}
	if _, got := call("getUpdates", "application/json", `{"offset":1,"timeout":0}`); !slices.Equal(updateIDs(got), []int64{u2}) {
		t.Fatalf("a lower offset brought back a confirmed update: %s", got)
	}
	if u, _ := f.Update(u1); u.Confirmed.IsZero() || u.Deliveries != 2 {
		t.Errorf("update 1: %+v, want confirmed after 2 deliveries", u)
	}

	// A long poll wakes on a new update.
	done := make(chan string, 1)
	go func() {
		_, got, err := do("getUpdates", "application/json", fmt.Sprintf(`{"offset":%d,"timeout":30}`, u2+1))
		if err != nil {
			got = err.Error()
		}
		done <- got
	}()
	time.Sleep(100 * time.Millisecond)
	began := time.Now()
	u3 := f.SendText(42, "A", "Pemilik")
	if got := <-done; !slices.Equal(updateIDs(got), []int64{u3}) || time.Since(began) > time.Second {
		t.Fatalf("long poll: %s after %v, want %d at once", got, time.Since(began), u3)
	}

	// A second getUpdates ends the waiting one with 409.
	conflict := make(chan int, 1)
	go func() {
		code, _, _ := do("getUpdates", "application/json", fmt.Sprintf(`{"offset":%d,"timeout":30}`, u3+1))
		conflict <- code
	}()
	time.Sleep(100 * time.Millisecond)
	go do("getUpdates", "application/json", fmt.Sprintf(`{"offset":%d,"timeout":1}`, u3+1))
	if code := <-conflict; code != http.StatusConflict {
		t.Errorf("older getUpdates ended with %d, want 409", code)
	}

	// sendMessage is recorded and answered with a Message.
	ct, body = multipartBody(map[string]string{"chat_id": "42", "text": "Apa nama usaha Anda?",
		"reply_markup": `{"inline_keyboard":[[{"text":"1. Ya","callback_data":"register/consent|yes"}]]}`})
	code, got := call("sendMessage", ct, body)
	if code != http.StatusOK || !strings.Contains(got, `"chat":{"id":42,"type":"private"}`) || !strings.Contains(got, `"message_id":4`) {
		t.Errorf("sendMessage: %d %s", code, got)
	}
	sent := f.Sent(42)
	if len(sent) != 1 || sent[0].Text != "Apa nama usaha Anda?" || inlineButtons(sent[0])["1. Ya"] != "register/consent|yes" {
		t.Errorf("recorded %+v", sent)
	}
	if code, _ := call("sendMessage", "application/json", `{"chat_id":42,"text":""}`); code != http.StatusBadRequest {
		t.Errorf("empty text: %d, want 400", code)
	}
	if code, _ := call("getMe", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut"); code != http.StatusBadRequest {
		t.Errorf("a cut multipart body: %d, want 400", code)
	}
	// A button press is a callback_query on the bot's message.
	id := f.PressButton(42, "A", sent[0], "register/consent|yes")
	if u, _ := f.Update(id); !u.Button || !strings.Contains(string(u.JSON), `"callback_query":{"id":"`) ||
		!strings.Contains(string(u.JSON), `"data":"register/consent|yes"`) {
		t.Errorf("button press: %s", u.JSON)
	}
	if st := f.Stats(); st.Updates != 4 || st.Sent != 1 || st.Conflicts != 1 || st.Confirmed != 3 {
		t.Errorf("stats %+v", st)
	}
}
