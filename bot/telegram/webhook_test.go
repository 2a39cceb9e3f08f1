package telegram

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sobat-ikm/bot"
)

const testSecret = "s3cret_Token-for-tests"

func postUpdate(t *testing.T, h http.Handler, secret, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/tg", strings.NewReader(body))
	if secret != "" {
		req.Header.Set(secretHeader, secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookHandler(t *testing.T) {
	f := newFakeAPI(t)
	a := newTestAdapter(t, f, Config{WebhookURL: "https://bot.example.org/tg", WebhookSecret: testSecret})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.answers.run(ctx)
	_, text := readUpdate(t, "text.json")
	_, cb := readUpdate(t, "callback.json")
	_, edited := readUpdate(t, "edited_message.json")

	var s submitted
	h := a.WebhookHandler(s.submit)
	tests := []struct {
		name, secret, body string
		status             int
		submits            int
	}{
		{"no secret", "", string(text), http.StatusUnauthorized, 0},
		{"wrong secret", "s3cret_Token-for-testz", string(text), http.StatusUnauthorized, 0},
		{"secret prefix", testSecret[:5], string(text), http.StatusUnauthorized, 0},
		{"text", testSecret, string(text), http.StatusOK, 1},
		{"callback", testSecret, string(cb), http.StatusOK, 2},
		{"edited message: accepted and ignored", testSecret, string(edited), http.StatusOK, 2},
		{"not JSON", testSecret, "{not json", http.StatusBadRequest, 2},
	}
	for _, tc := range tests {
		rec := postUpdate(t, h, tc.secret, tc.body)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, rec.Code, tc.status)
		}
		if n := len(s.ids()); n != tc.submits {
			t.Errorf("%s: %d submitted in all, want %d", tc.name, n, tc.submits)
		}
	}
	waitFor(t, 5*time.Second, "the callback answer", func() bool { return len(f.sent("answerCallbackQuery")) == 1 })

	req := httptest.NewRequest(http.MethodGet, "/tg", nil)
	req.Header.Set(secretHeader, testSecret)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", rec.Code)
	}

	// The dispatcher refuses: 500, so that Telegram sends it again.
	s.err = bot.ErrClosed
	if rec := postUpdate(t, h, testSecret, string(text)); rec.Code != http.StatusInternalServerError {
		t.Errorf("refused submit: status %d, want 500", rec.Code)
	}
}

// The webhook answers 200 only once the update is saved: 500 when it
// could not be, and 500 when it is not saved in time (the database cannot
// be written and the dispatcher holds it), so that Telegram sends it
// again; a flood of bad requests is logged once, with a count.
func TestWebhookAnswersAfterSave(t *testing.T) {
	var logs logBuffer
	f := newFakeAPI(t)
	a := newTestAdapter(t, f, Config{WebhookURL: "https://bot.example.org/tg", WebhookSecret: testSecret, Log: logs.logger()})
	a.saveWait = 100 * time.Millisecond
	_, text := readUpdate(t, "text.json")
	outcome := make(chan error, 1)
	h := a.WebhookHandler(func(_ context.Context, in bot.Inbound) error {
		go func() {
			if err, ok := <-outcome; ok {
				in.Done(err)
			}
		}()
		return nil
	})
	outcome <- nil
	if rec := postUpdate(t, h, testSecret, string(text)); rec.Code != http.StatusOK {
		t.Errorf("saved: status %d, want 200", rec.Code)
	}
	outcome <- bot.ErrNotSaved
	if rec := postUpdate(t, h, testSecret, string(text)); rec.Code != http.StatusInternalServerError {
		t.Errorf("not saved: status %d, want 500", rec.Code)
	}
	if rec := postUpdate(t, h, testSecret, string(text)); rec.Code != http.StatusInternalServerError {
		t.Errorf("held past the wait: status %d, want 500", rec.Code)
	}
	close(outcome)
	for range 500 {
		postUpdate(t, h, "wrong", string(text))
	}
	if n := strings.Count(logs.String(), "wrong secret token"); n != 1 {
		t.Errorf("500 requests with a wrong secret logged %d times, want once", n)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// In webhook mode Run sets the webhook with its secret, serves it on
// Listen, and on shutdown finishes the request in flight before it
// returns.
func TestWebhookRun(t *testing.T) {
	f := newFakeAPI(t)
	addr := freeAddr(t)
	a := newTestAdapter(t, f, Config{WebhookURL: "https://bot.example.org/telegram/hook", Listen: addr})
	s := submitted{wait: 300 * time.Millisecond}
	entered := make(chan struct{}, 10)
	stop := runAdapter(t, a, func(ctx context.Context, in bot.Inbound) error {
		entered <- struct{}{}
		return s.submit(ctx, in)
	})
	waitFor(t, 5*time.Second, "setWebhook", func() bool { return len(f.sent("setWebhook")) == 1 })
	got := f.sent("setWebhook")[0].Fields
	want := map[string]string{
		"url": "https://bot.example.org/telegram/hook", "secret_token": deriveSecret(testToken),
		"max_connections": "1", "allowed_updates": `["message","callback_query","my_chat_member"]`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("setWebhook %s = %q, want %q", k, got[k], v)
		}
	}
	if strings.Contains(got["secret_token"], testToken) || !secretRe.MatchString(got["secret_token"]) {
		t.Errorf("derived secret %q", got["secret_token"])
	}
	if len(f.sent("getUpdates")) != 0 {
		t.Error("webhook mode polled")
	}

	post := func(path, secret string) (*http.Response, error) {
		_, body := readUpdate(t, "text.json")
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+path, strings.NewReader(string(body)))
		req.Header.Set(secretHeader, secret)
		return http.DefaultClient.Do(req)
	}
	resp, err := post("/telegram/hook", "wrong")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong secret: status %d", resp.StatusCode)
	}
	if resp, err := post("/elsewhere", deriveSecret(testToken)); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("other path: status %d", resp.StatusCode)
		}
	}

	// An update in flight when shutdown starts is still accepted.
	type result struct {
		status int
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := post("/telegram/hook", deriveSecret(testToken))
		if err != nil {
			res <- result{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		res <- result{status: resp.StatusCode}
	}()
	select {
	case <-entered: // the request is inside submit: now shut down
	case <-time.After(5 * time.Second):
		t.Fatal("the update never reached submit")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	r := <-res
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("in-flight update: %d %v, want 200", r.status, r.err)
	}
	if ids := s.ids(); len(ids) != 1 {
		t.Fatalf("submitted %q, want the one update", ids)
	}
	if _, err := post("/telegram/hook", deriveSecret(testToken)); err == nil {
		t.Error("still serving after Run returned")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"no token", Config{}},
		{"bad API URL", Config{Token: testToken, APIURL: "ftp://x"}},
		{"bad webhook URL", Config{Token: testToken, WebhookURL: "bot.example.org/hook"}},
		{"bad secret", Config{Token: testToken, WebhookURL: "https://bot.example.org/hook", WebhookSecret: "has space"}},
		{"long secret", Config{Token: testToken, WebhookURL: "https://bot.example.org/hook", WebhookSecret: strings.Repeat("a", 257)}},
	} {
		_, err := New(tc.cfg)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "TEST-token-secret-part") {
			t.Errorf("%s: error shows the token: %v", tc.name, err)
		}
	}
}

// The token never shows in errors or logs, even when the Bot API server
// cannot be reached or rejects it.
func TestTokenNeverLogged(t *testing.T) {
	var logs logBuffer
	log := logs.logger()
	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	down, err := New(Config{Token: testToken, APIURL: url, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	stopDown := runAdapter(t, down, (&submitted{}).submit)
	waitFor(t, 5*time.Second, "a logged getMe failure", func() bool { return strings.Contains(logs.String(), "cannot reach the Telegram Bot API") })
	if err := stopDown(); err != nil {
		t.Errorf("stopping while getMe is retried: %v", err)
	}
	refused := newFakeAPI(t)
	refused.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		return http.StatusUnauthorized, `{"ok":false,"error_code":401,"description":"Unauthorized ` + testToken + `"}`, true
	})
	err = newTestAdapter(t, refused, Config{Log: log}).Run(context.Background(), (&submitted{}).submit)
	if err == nil || !strings.Contains(err.Error(), "token was refused") {
		t.Fatalf("Run with a refused token: %v", err)
	}
	f := newFakeAPI(t)
	a := newTestAdapter(t, f, Config{Log: log})
	f.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		switch c.Method {
		case "getUpdates":
			return http.StatusConflict, `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; token ` + testToken + `"}`, true
		case "sendMessage":
			return http.StatusBadRequest, `{"ok":false,"error_code":400,"description":"Bad Request: echoing ` + testToken + `"}`, true
		}
		return 0, "", false
	})
	stop := runAdapter(t, a, (&submitted{}).submit)
	waitFor(t, 5*time.Second, "a logged getUpdates error", func() bool { return strings.Contains(logs.String(), "Conflict") })
	stop()
	sendErr := a.out.Send(context.Background(), testMessage("halo"))
	if sendErr == nil || !strings.Contains(sendErr.Error(), "echoing ***") {
		t.Errorf("send error %v, want the 400 with the token masked", sendErr)
	}
	for _, s := range []string{err.Error(), logs.String(), errorText(sendErr)} {
		if strings.Contains(s, testToken) || strings.Contains(s, "TEST-token-secret-part") {
			t.Errorf("token shown: %s", s)
		}
	}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	var se *bot.SendError
	if !errors.As(err, &se) {
		return err.Error()
	}
	return se.Error()
}
