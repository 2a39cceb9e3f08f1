package telegram

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// testPDF is a small PDF as far as content sniffing goes (testPNG: file_test.go).
var testPDF = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 600)...)

// fileRig is an adapter against the fake Bot API whose replies' files
// are kept in a real store's files folder.
type fileRig struct {
	f  *fakeAPI
	db *store.DB
	a  *Adapter
}

func newFileRig(t *testing.T, cfg Config) *fileRig {
	t.Helper()
	r := &fileRig{f: newFakeAPI(t), db: openDB(t)}
	if cfg.OpenFile == nil {
		cfg.OpenFile = func(name string) (io.ReadCloser, error) { return r.db.OpenFile(name) }
	}
	r.a = newTestAdapter(t, r.f, cfg)
	r.a.out.partGap = 0
	return r
}

// keep saves content in the files folder and returns a reply carrying it.
func (r *fileRig) keep(t *testing.T, text string, content []byte) store.Reply {
	t.Helper()
	sf, err := r.db.SaveFile(bytes.NewReader(content), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	return store.Reply{Text: text, File: sf.Name, FileType: sf.Type}
}

func (r *fileRig) send(reply store.Reply) error {
	return r.a.out.Send(context.Background(), store.OutboxMessage{ID: 1, Chat: chatKey(777), Reply: reply})
}

// methods lists the Bot API methods called, in order.
func (r *fileRig) methods() []string {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	var out []string
	for _, c := range r.f.calls {
		out = append(out, c.Method)
	}
	return out
}

// A photo goes out with sendPhoto, the text as its caption and the file's
// bytes in the upload; no text message is sent.
func TestSendPhotoWithCaption(t *testing.T) {
	r := newFileRig(t, Config{})
	reply := r.keep(t, "Tiket #12 dari Abon Ani: kemasan bocor, lihat foto.", testPNG)
	if reply.FileType != "image/png" {
		t.Fatalf("kept as %q", reply.FileType)
	}
	if err := r.send(reply); err != nil {
		t.Fatal(err)
	}
	if got := r.methods(); !slices.Equal(got, []string{"sendPhoto"}) {
		t.Fatalf("calls %q, want one sendPhoto", got)
	}
	c := r.f.sent("sendPhoto")[0]
	if c.Fields["chat_id"] != "777" || c.Fields["caption"] != reply.Text {
		t.Errorf("fields %q", c.Fields)
	}
	if _, ok := c.Fields["reply_markup"]; ok {
		t.Errorf("a keyboard on the photo: %q", c.Fields["reply_markup"])
	}
	up, ok := c.Files["photo"]
	if !ok || !bytes.Equal(up.Data, testPNG) {
		t.Fatalf("uploaded %d bytes (%v), want the file's %d", len(up.Data), ok, len(testPNG))
	}
	if up.Name != "foto.png" {
		t.Errorf("uploaded as %q, want foto.png", up.Name)
	}
	if c.Fields["photo"] != "" && c.Fields["photo"] != "attach://photo" {
		t.Errorf("photo field %q", c.Fields["photo"])
	}
}

// A PDF goes out with sendDocument, named lampiran.pdf, with its caption.
func TestSendDocumentWithCaption(t *testing.T) {
	r := newFileRig(t, Config{})
	reply := r.keep(t, "Tiket #13: NIB terlampir.", testPDF)
	if err := r.send(reply); err != nil {
		t.Fatal(err)
	}
	if got := r.methods(); !slices.Equal(got, []string{"sendDocument"}) {
		t.Fatalf("calls %q, want one sendDocument", got)
	}
	c := r.f.sent("sendDocument")[0]
	up := c.Files["document"]
	if c.Fields["caption"] != reply.Text || !bytes.Equal(up.Data, testPDF) || up.Name != "lampiran.pdf" {
		t.Errorf("caption %q, upload %q of %d bytes", c.Fields["caption"], up.Name, len(up.Data))
	}
}

// A text too long for a caption (1,024 UTF-16 units) goes first, as it
// would alone, and the file after it without caption.
func TestSendFileCaptionTooLong(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		caption bool
	}{
		{"1,024 units fit", strings.Repeat("😀", 512), true},
		{"1,025 units do not", strings.Repeat("😀", 512) + "a", false},
		{"a text of two messages", strings.Repeat("kata ", 1000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newFileRig(t, Config{})
			reply := r.keep(t, tc.text, testPNG)
			if err := r.send(reply); err != nil {
				t.Fatal(err)
			}
			photo := r.f.sent("sendPhoto")
			if len(photo) != 1 || !bytes.Equal(photo[0].Files["photo"].Data, testPNG) {
				t.Fatalf("%d sendPhoto calls, want 1 with the file", len(photo))
			}
			if tc.caption {
				if got := r.methods(); !slices.Equal(got, []string{"sendPhoto"}) || photo[0].Fields["caption"] != tc.text {
					t.Fatalf("calls %q, caption of %d units; want the text as caption", got, utf16Len(photo[0].Fields["caption"]))
				}
				return
			}
			want := splitText(tc.text, maxText)
			var texts []string
			for _, c := range r.f.sent("sendMessage") {
				texts = append(texts, c.Fields["text"])
			}
			if !slices.Equal(texts, want) {
				t.Errorf("texts %q, want %q", abbrevAll(texts), abbrevAll(want))
			}
			if got := r.methods(); got[len(got)-1] != "sendPhoto" || len(got) != len(want)+1 {
				t.Errorf("calls %q, want the text then the photo", got)
			}
			if c, ok := photo[0].Fields["caption"]; ok {
				t.Errorf("photo has caption %q", abbrev(c))
			}
		})
	}
}

// A file erased since the row was queued leaves the text to go alone,
// logged at INFO, with no error.
func TestSendFileGone(t *testing.T) {
	var logs logBuffer
	r := newFileRig(t, Config{Log: logs.logger()})
	reply := r.keep(t, "Tiket #14: foto terlampir.", testPNG)
	reply.File = "0123456789abcdef0123456789abcdef.png" // never kept, or erased
	if err := r.send(reply); err != nil {
		t.Fatalf("Send = %v, want the text sent alone", err)
	}
	if got := r.methods(); !slices.Equal(got, []string{"sendMessage"}) {
		t.Fatalf("calls %q, want one sendMessage", got)
	}
	if c := r.f.sent("sendMessage")[0]; c.Fields["text"] != reply.Text {
		t.Errorf("text %q", c.Fields["text"])
	}
	if s := logs.String(); !strings.Contains(s, "level=INFO") || !strings.Contains(s, "file no longer kept") {
		t.Errorf("log:\n%s", s)
	}
	// A name that is not a kept file's is refused the same way.
	reply.File = "../t.db"
	if err := r.send(reply); err != nil || len(r.f.sent("sendMessage")) != 2 {
		t.Fatalf("Send = %v, %d messages", err, len(r.f.sent("sendMessage")))
	}
}

// Without OpenFile, files are not sent: the text goes alone.
func TestSendFileNotConfigured(t *testing.T) {
	f := newFakeAPI(t)
	a := newTestAdapter(t, f, Config{})
	reply := store.Reply{Text: "Tiket #15", File: "0123456789abcdef0123456789abcdef.png", FileType: "image/png"}
	if err := a.out.Send(context.Background(), store.OutboxMessage{ID: 1, Chat: chatKey(777), Reply: reply}); err != nil {
		t.Fatal(err)
	}
	if len(f.sent("sendMessage")) != 1 || len(f.sent("sendPhoto")) != 0 {
		t.Errorf("calls %d sendMessage, %d sendPhoto", len(f.sent("sendMessage")), len(f.sent("sendPhoto")))
	}
}

// Choices stay on the text message; the file follows it, with neither
// caption nor keyboard.
func TestSendFileChoicesStayOnText(t *testing.T) {
	r := newFileRig(t, Config{})
	reply := r.keep(t, "Tiket #16: ambil?", testPDF)
	reply.Step = "oticket"
	reply.Choices = []store.Choice{{Value: "take", Label: "Ambil"}, {Value: "skip", Label: "Lewati"}}
	if err := r.send(reply); err != nil {
		t.Fatal(err)
	}
	if got := r.methods(); !slices.Equal(got, []string{"sendMessage", "sendDocument"}) {
		t.Fatalf("calls %q, want the text then the document", got)
	}
	msg, doc := r.f.sent("sendMessage")[0], r.f.sent("sendDocument")[0]
	if msg.Fields["text"] != reply.Text || !strings.Contains(msg.Fields["reply_markup"], `"1. Ambil"`) {
		t.Errorf("text message %q", msg.Fields)
	}
	for _, k := range []string{"caption", "reply_markup"} {
		if v, ok := doc.Fields[k]; ok {
			t.Errorf("document has %s %q", k, v)
		}
	}
	if !bytes.Equal(doc.Files["document"].Data, testPDF) {
		t.Error("document's bytes differ")
	}
}

// The file after a long text fails with a 5xx: the retry sends the file
// only, not the text again. A 403 on the file holds the chat.
func TestSendFileErrors(t *testing.T) {
	r := newFileRig(t, Config{})
	reply := r.keep(t, strings.Repeat("b", 1100), testPNG)
	r.f.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		if c.Method == "sendPhoto" && len(r.f.sent("sendPhoto")) == 1 {
			return http.StatusBadGateway, `{"ok":false,"error_code":502,"description":"Bad Gateway"}`, true
		}
		return 0, "", false
	})
	err := r.send(reply)
	var se *bot.SendError
	if !errors.As(err, &se) || !se.Retry || !strings.Contains(err.Error(), "sendPhoto") {
		t.Fatalf("Send = %v, want a temporary sendPhoto error", err)
	}
	if err := r.send(reply); err != nil {
		t.Fatal(err)
	}
	if got := r.methods(); !slices.Equal(got, []string{"sendMessage", "sendPhoto", "sendPhoto"}) {
		t.Fatalf("calls %q, want the text once and the photo twice", got)
	}
	if p := r.f.sent("sendPhoto")[1]; !bytes.Equal(p.Files["photo"].Data, testPNG) {
		t.Error("the retry uploaded other bytes")
	}

	r.f.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		if c.Method == "sendPhoto" {
			return http.StatusForbidden, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, true
		}
		return 0, "", false
	})
	err = r.a.out.Send(context.Background(), store.OutboxMessage{ID: 2, Chat: chatKey(777), Reply: r.keep(t, "pendek", testPNG)})
	if !errors.As(err, &se) || !se.Unreachable {
		t.Errorf("Send = %v, want the chat unreachable", err)
	}
}

// A photo Telegram refuses as a photo (400: dimensions, format) is sent
// as a document; one refused as a document too leaves the text alone.
func TestSendFileRefused(t *testing.T) {
	r := newFileRig(t, Config{})
	reply := r.keep(t, "Tiket #17: panorama", testPNG)
	refuse := map[string]bool{"sendPhoto": true}
	r.f.setRespond(func(c call, _ *http.Request) (int, string, bool) {
		if refuse[c.Method] {
			return http.StatusBadRequest, `{"ok":false,"error_code":400,"description":"Bad Request: PHOTO_INVALID_DIMENSIONS"}`, true
		}
		return 0, "", false
	})
	if err := r.send(reply); err != nil {
		t.Fatal(err)
	}
	if got := r.methods(); !slices.Equal(got, []string{"sendPhoto", "sendDocument"}) {
		t.Fatalf("calls %q, want the photo then a document", got)
	}
	doc := r.f.sent("sendDocument")[0]
	if doc.Fields["caption"] != reply.Text || !bytes.Equal(doc.Files["document"].Data, testPNG) {
		t.Errorf("document: caption %q, %d bytes", doc.Fields["caption"], len(doc.Files["document"].Data))
	}

	refuse["sendDocument"] = true
	if err := r.send(reply); err != nil {
		t.Fatalf("Send = %v, want the text sent alone", err)
	}
	if got := r.methods()[2:]; !slices.Equal(got, []string{"sendPhoto", "sendDocument", "sendMessage"}) {
		t.Fatalf("calls %q, want photo, document, then the text alone", got)
	}
	if c := r.f.sent("sendMessage")[0]; c.Fields["text"] != reply.Text {
		t.Errorf("text %q", c.Fields["text"])
	}
}

// Through the real sender and outbox, a row's file goes out with it.
func TestSenderSendsFile(t *testing.T) {
	var db *store.DB
	r := newSendRig(t, Config{OpenFile: func(name string) (io.ReadCloser, error) { return db.OpenFile(name) }})
	db = r.db
	sf, err := db.SaveFile(bytes.NewReader(testPDF), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Enqueue(store.OutboxMessage{Chat: chatKey(777), Kind: store.KindNotice, NotBefore: r.clock.Now(), CreatedAt: r.clock.Now(),
			Reply: store.Reply{Text: "Tiket #18", File: sf.Name, FileType: sf.Type}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.flush(t)
	docs := r.f.sent("sendDocument")
	if len(docs) != 1 || docs[0].Fields["caption"] != "Tiket #18" || !bytes.Equal(docs[0].Files["document"].Data, testPDF) {
		t.Fatalf("sendDocument calls %d, want one with the caption and the file", len(docs))
	}
	if n := r.pending(t); n != 0 {
		t.Errorf("%d rows pending", n)
	}
}
