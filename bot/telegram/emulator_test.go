package telegram

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The end-to-end test runs against telegram-test-api, a Bot API emulator
// from npm (see doc.go for its quirks). .ci/run installs it and exports
// TELEGRAM_TEST_API_DIR; by hand:
//
//	npm install --prefix /tmp/sobat-ikm-node telegram-test-api@4.2.1
//	TELEGRAM_TEST_API_DIR=/tmp/sobat-ikm-node go test ./bot/telegram -run Emulator -v

// emulatorDir finds the installed package, or skips (fails under CI).
func emulatorDir(t *testing.T) string {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format+" (CI must run this test: .ci/run installs the emulator)", args...)
		}
		t.Skipf(format, args...)
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing("node is not installed: skipping the end-to-end test against the telegram-test-api emulator")
	}
	base := os.Getenv("TELEGRAM_TEST_API_DIR")
	if base == "" {
		base = filepath.Join(os.TempDir(), "sobat-ikm-node")
	}
	for _, dir := range []string{filepath.Join(base, "node_modules", "telegram-test-api"), base} {
		if _, err := os.Stat(filepath.Join(dir, "lib", "telegramServer.js")); err == nil {
			return dir
		}
	}
	missing("telegram-test-api not found under %s: run `npm install --prefix %s telegram-test-api@4.2.1` or set TELEGRAM_TEST_API_DIR", base, base)
	return ""
}

const emulatorScript = `
const TelegramServer = require(process.argv[2]);
const server = new TelegramServer({port: Number(process.argv[3]), host: '127.0.0.1', storeTimeout: 600});
server.start().then(() => console.log('ready'), (e) => { console.error(String(e)); process.exit(1); });
process.stdin.on('end', () => process.exit(0)); // ends with the test
process.stdin.resume();
`

// startEmulator runs the emulator on a free loopback port and returns its
// URL.
func startEmulator(t *testing.T, pkg string) string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "emulator.js")
	if err := os.WriteFile(script, []byte(emulatorScript), 0o600); err != nil {
		t.Fatal(err)
	}
	var lastErr error
	for range 3 {
		addr := freeAddr(t)
		_, port, _ := strings.Cut(addr, ":")
		cmd := exec.Command("node", script, pkg, port)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if sc.Text() == "ready" {
					ready <- true
					io.Copy(io.Discard, stdout)
					return
				}
			}
			ready <- false
		}()
		select {
		case ok := <-ready:
			if ok {
				t.Cleanup(func() {
					stdin.Close()
					done := make(chan struct{})
					go func() { cmd.Wait(); close(done) }()
					select {
					case <-done:
					case <-time.After(5 * time.Second):
						cmd.Process.Kill()
						<-done
					}
				})
				return "http://" + addr
			}
		case <-time.After(20 * time.Second):
		}
		cmd.Process.Kill()
		cmd.Wait()
		lastErr = fmt.Errorf("emulator did not start: %s", stderr.String())
	}
	t.Fatal(lastErr)
	return ""
}

// formClient adapts go-telegram/bot's requests to the emulator, which
// reads only JSON and urlencoded bodies: multipart text fields are sent
// again urlencoded (files are not supported). And since the emulator's
// getUpdates returns at once instead of waiting, an empty answer is held
// back a little so the poller does not spin.
type formClient struct {
	c    *http.Client
	idle time.Duration
}

func (f formClient) Do(req *http.Request) (*http.Response, error) {
	mt, params, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if mt == "multipart/form-data" && req.Body != nil {
		raw, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		vals := url.Values{}
		if len(raw) > 0 {
			mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
			for {
				p, err := mr.NextPart()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return nil, err
				}
				if p.FileName() != "" {
					return nil, errors.New("formClient: file uploads are not supported")
				}
				b, err := io.ReadAll(p)
				if err != nil {
					return nil, err
				}
				vals.Set(p.FormName(), string(b))
			}
		}
		body := vals.Encode()
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(strings.NewReader(body))
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := f.c.Do(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/getUpdates") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if bytes.Contains(body, []byte(`"result":[]`)) {
		select {
		case <-req.Context().Done():
		case <-time.After(f.idle):
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// emuUser is an owner chatting through the emulator's client API.
type emuUser struct {
	t     *testing.T
	base  string
	token string
	id    int64
	c     *http.Client
}

// botMessage is a message the bot sent, as the emulator stored it.
type botMessage struct {
	Text        string `json:"text"`
	ChatID      any    `json:"chat_id"`
	ReplyMarkup struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
		Keyboard [][]struct {
			Text           string `json:"text"`
			RequestContact any    `json:"request_contact"`
		} `json:"keyboard"`
		OneTimeKeyboard any `json:"one_time_keyboard"`
	} `json:"reply_markup"`
}

func (u *emuUser) common() map[string]any {
	return map[string]any{
		"botToken": u.token,
		"date":     time.Now().Unix(),
		"from":     map[string]any{"id": u.id, "first_name": "Wa Ode", "username": "waode", "is_bot": false},
		"chat":     map[string]any{"id": u.id, "first_name": "Wa Ode", "username": "waode", "type": "private"},
	}
}

func (u *emuUser) post(path string, body any, out any) {
	u.t.Helper()
	b, _ := json.Marshal(body)
	resp, err := u.c.Post(u.base+path, "application/json", bytes.NewReader(b))
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		u.t.Fatalf("%s: %d %s", path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			u.t.Fatalf("%s: %v: %s", path, err, raw)
		}
	}
}

func (u *emuUser) say(text string) {
	m := u.common()
	m["text"] = text
	u.post("/sendMessage", m, nil)
}

func (u *emuUser) command(text string) {
	m := u.common()
	m["text"] = text
	m["entities"] = []map[string]any{{"offset": 0, "length": len(text), "type": "bot_command"}}
	u.post("/sendCommand", m, nil)
}

func (u *emuUser) shareContact(phone string) {
	m := u.common()
	m["contact"] = map[string]any{"phone_number": phone, "first_name": "Wa Ode", "user_id": u.id}
	u.post("/sendMessage", m, nil)
}

// press presses the button of msg whose label starts with label, the way
// the emulator's client does (its callback message has no date, so it
// reads as an inaccessible message).
func (u *emuUser) press(msg botMessage, label string) {
	u.t.Helper()
	for _, row := range msg.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.Text, label) {
				c := u.common()
				u.post("/sendCallback", map[string]any{
					"botToken": u.token, "date": c["date"], "from": c["from"], "data": b.CallbackData,
					"message": map[string]any{"from": c["from"], "chat": c["chat"]},
				}, nil)
				return
			}
		}
	}
	u.t.Fatalf("no button %q in %q", label, msg.Text)
}

// reply waits for the bot's next message to this chat.
func (u *emuUser) reply(want string) botMessage {
	u.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var res struct {
			Result []struct {
				Message botMessage `json:"message"`
			} `json:"result"`
		}
		u.post("/getUpdates", map[string]any{"token": u.token, "chatId": u.id}, &res)
		switch len(res.Result) {
		case 0:
			time.Sleep(20 * time.Millisecond)
			continue
		case 1:
		default:
			u.t.Fatalf("waiting for %q: %d messages at once, want one", want, len(res.Result))
		}
		m := res.Result[0].Message
		if fmt.Sprint(m.ChatID) != strconv.FormatInt(u.id, 10) {
			u.t.Fatalf("reply sent to chat %v", m.ChatID)
		}
		if !strings.Contains(m.Text, want) {
			u.t.Fatalf("bot said %q, want it to contain %q", m.Text, want)
		}
		return m
	}
	u.t.Fatalf("no reply containing %q within 15s", want)
	return botMessage{}
}
