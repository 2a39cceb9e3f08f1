package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

var (
	outPNG  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 600)...)
	outPDF  = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 600)...)
	outWebP = append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{9}, 600)...)
)

// fileRig is the adapter on a fake client, replying to a chat that wrote,
// whose replies' files are kept in a real store's files folder.
type fileRig struct {
	db   *store.DB
	fake *fakeClient
	a    *Adapter
	logs *logBuffer
	next int64
}

func newFileRig(t *testing.T, openFile bool) *fileRig {
	t.Helper()
	r := &fileRig{db: openDB(t, ""), fake: newFake(true)}
	log, logs := newLog(slog.LevelDebug)
	r.logs = logs
	cfg := Config{Log: log}
	if openFile {
		cfg.OpenFile = func(name string) (io.ReadCloser, error) { return r.db.OpenFile(name) }
	}
	r.a = New(r.fake, r.db, nil, cfg)
	wrote(t, r.db, waChat(1), newClock().Now())
	return r
}

// keep saves content in the files folder and returns a row carrying it.
func (r *fileRig) keep(t *testing.T, text string, content []byte) store.OutboxMessage {
	t.Helper()
	sf, err := r.db.SaveFile(bytes.NewReader(content), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	r.next++
	return store.OutboxMessage{ID: r.next, Chat: waChat(1), Kind: store.KindNotice, CreatedAt: newClock().Now(),
		Reply: store.Reply{Text: text, File: sf.Name, FileType: sf.Type}}
}

func (r *fileRig) send(m store.OutboxMessage) error {
	return r.a.Outlet().Send(context.Background(), m)
}

// A photo is uploaded as an image and sent as an ImageMessage with the
// text as its caption, under the row's message id; no text message.
func TestWhatsAppSendsPhotoWithCaption(t *testing.T) {
	r := newFileRig(t, true)
	m := r.keep(t, "Tiket #12 dari Abon Ani: kemasan bocor, lihat foto.", outPNG)
	if err := r.send(m); err != nil {
		t.Fatal(err)
	}
	ups := r.fake.uploadList()
	if len(ups) != 1 || ups[0].media != whatsmeow.MediaImage || !bytes.Equal(ups[0].data, outPNG) {
		t.Fatalf("uploads %d, want the PNG's bytes once as an image", len(ups))
	}
	got := r.fake.snapshot().sent
	if len(got) != 1 {
		t.Fatalf("sent %d messages, want 1", len(got))
	}
	img := got[0].msg.GetImageMessage()
	if img == nil || got[0].text != "" {
		t.Fatalf("sent %v, want an image message only", got[0].msg)
	}
	if img.GetCaption() != m.Reply.Text || img.GetMimetype() != "image/png" {
		t.Errorf("caption %q, mimetype %q", img.GetCaption(), img.GetMimetype())
	}
	if img.GetURL() == "" || img.GetDirectPath() == "" || len(img.GetMediaKey()) != 32 || img.GetFileLength() != uint64(len(outPNG)) ||
		len(img.GetFileSHA256()) != 32 || len(img.GetFileEncSHA256()) != 32 {
		t.Errorf("upload not copied into the message: %v", img)
	}
	if got[0].id != messageID(m) || got[0].to != ownerPNOf(waChat(1)) {
		t.Errorf("sent to %v with id %q, want the row's id", got[0].to, got[0].id)
	}
	if s := r.fake.snapshot().chatStates; len(s) != 1 {
		t.Errorf("chat states %v, want typing stopped once", s)
	}
}

// A PDF goes as a DocumentMessage named lampiran.pdf, with its caption;
// a WebP image goes as a document too.
func TestWhatsAppSendsDocumentWithCaption(t *testing.T) {
	r := newFileRig(t, true)
	m := r.keep(t, "Tiket #13: NIB terlampir.", outPDF)
	if err := r.send(m); err != nil {
		t.Fatal(err)
	}
	if ups := r.fake.uploadList(); len(ups) != 1 || ups[0].media != whatsmeow.MediaDocument || !bytes.Equal(ups[0].data, outPDF) {
		t.Fatalf("uploads %+v, want the PDF once as a document", len(ups))
	}
	got := r.fake.snapshot().sent
	doc := got[0].msg.GetDocumentMessage()
	if len(got) != 1 || doc == nil {
		t.Fatalf("sent %d messages (%v), want one document", len(got), got[0].msg)
	}
	if doc.GetCaption() != m.Reply.Text || doc.GetFileName() != "lampiran.pdf" || doc.GetMimetype() != "application/pdf" ||
		doc.GetFileLength() != uint64(len(outPDF)) {
		t.Errorf("document %v", doc)
	}

	w := r.keep(t, "stiker?", outWebP)
	if w.Reply.FileType != "image/webp" {
		t.Fatalf("kept as %q", w.Reply.FileType)
	}
	if err := r.send(w); err != nil {
		t.Fatal(err)
	}
	got = r.fake.snapshot().sent
	if d := got[len(got)-1].msg.GetDocumentMessage(); d == nil || d.GetFileName() != "foto.webp" || d.GetCaption() != "stiker?" {
		t.Errorf("WebP sent as %v, want a document", got[len(got)-1].msg)
	}
}

// A text too long for a caption goes first, under the row's id, and the
// file after it, without caption, under an id of its own.
func TestWhatsAppCaptionTooLong(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		caption bool
	}{
		{"1,024 units fit", strings.Repeat("😀", 512), true},
		{"1,025 units do not", strings.Repeat("😀", 512) + "a", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newFileRig(t, true)
			m := r.keep(t, tc.text, outPNG)
			if err := r.send(m); err != nil {
				t.Fatal(err)
			}
			got := r.fake.snapshot().sent
			if tc.caption {
				if len(got) != 1 || got[0].msg.GetImageMessage().GetCaption() != tc.text {
					t.Fatalf("sent %d messages, want the photo with the text as caption", len(got))
				}
				return
			}
			if len(got) != 2 || got[0].text != tc.text || got[1].msg.GetImageMessage() == nil {
				t.Fatalf("sent %d messages, want the text then the photo", len(got))
			}
			if c := got[1].msg.GetImageMessage().Caption; c != nil {
				t.Errorf("photo has caption of %d characters", len(*c))
			}
			if got[0].id != messageID(m) || got[1].id != fileMessageID(m) || got[0].id == got[1].id {
				t.Errorf("ids %q, %q; want the row's, then the file's", got[0].id, got[1].id)
			}
		})
	}
}

// Choices, a numbered list in the text on WhatsApp, stay in the text:
// the caption.
func TestWhatsAppFileChoicesInCaption(t *testing.T) {
	r := newFileRig(t, true)
	m := r.keep(t, "Tiket #16: ambil?", outPDF)
	m.Reply.Choices = []store.Choice{{Value: "take", Label: "Ambil"}, {Value: "skip", Label: "Lewati"}}
	if err := r.send(m); err != nil {
		t.Fatal(err)
	}
	got := r.fake.snapshot().sent
	if len(got) != 1 || got[0].msg.GetDocumentMessage().GetCaption() != "Tiket #16: ambil?\n1. Ambil\n2. Lewati" {
		t.Fatalf("sent %d messages, caption %q", len(got), got[0].msg.GetDocumentMessage().GetCaption())
	}
}

// A file erased since the row was queued leaves the text to go alone,
// logged at INFO, with no error; without OpenFile the text goes alone
// too.
func TestWhatsAppFileGone(t *testing.T) {
	r := newFileRig(t, true)
	m := r.keep(t, "Tiket #14: foto terlampir.", outPNG)
	m.Reply.File = "0123456789abcdef0123456789abcdef.png"
	if err := r.send(m); err != nil {
		t.Fatalf("Send = %v, want the text sent alone", err)
	}
	got := r.fake.snapshot().sent
	if len(got) != 1 || got[0].text != m.Reply.Text || len(r.fake.uploadList()) != 0 {
		t.Fatalf("sent %d messages, %d uploads; want the text alone", len(got), len(r.fake.uploadList()))
	}
	if s := r.logs.String(); !strings.Contains(s, "level=INFO") || !strings.Contains(s, "file no longer kept") {
		t.Errorf("log:\n%s", s)
	}

	r = newFileRig(t, false)
	if err := r.send(r.keep(t, "Tiket #15", outPNG)); err != nil {
		t.Fatal(err)
	}
	if got := r.fake.snapshot().sent; len(got) != 1 || got[0].text != "Tiket #15" || len(r.fake.uploadList()) != 0 {
		t.Fatalf("without OpenFile: sent %d messages, %d uploads", len(got), len(r.fake.uploadList()))
	}
}

// A failed upload is retried; the text that went ahead of it is not sent
// again. A file that still cannot be uploaded at attempt uploadTries is
// given up and the text goes alone.
func TestWhatsAppUploadFails(t *testing.T) {
	r := newFileRig(t, true)
	fails := 1
	r.fake.uploadErr = func([]byte, whatsmeow.MediaType) error {
		if fails > 0 {
			fails--
			return errors.New("upload failed with status code 503")
		}
		return nil
	}
	m := r.keep(t, strings.Repeat("b", 1100), outPNG)
	if err := r.send(m); err == nil {
		t.Fatal("Send = nil after a failed upload, want an error to retry")
	} else if se := (*bot.SendError)(nil); errors.As(err, &se) && !se.Retry {
		t.Fatalf("Send = %v, want it retried", err)
	}
	m.Attempts++
	if err := r.send(m); err != nil {
		t.Fatal(err)
	}
	got := r.fake.snapshot().sent
	if len(got) != 2 || got[0].text != m.Reply.Text || got[1].msg.GetImageMessage() == nil {
		t.Fatalf("sent %d messages, want the text once, then the photo", len(got))
	}

	r.fake.uploadErr = func([]byte, whatsmeow.MediaType) error { return fmt.Errorf("upload failed with status code 500") }
	m = r.keep(t, "Tiket #19", outPDF)
	for m.Attempts = 0; m.Attempts < uploadTries-1; m.Attempts++ {
		if err := r.send(m); err == nil {
			t.Fatalf("attempt %d: Send = nil, want retried", m.Attempts+1)
		}
	}
	if err := r.send(m); err != nil {
		t.Fatalf("attempt %d: Send = %v, want the text sent alone", m.Attempts+1, err)
	}
	got = r.fake.snapshot().sent
	if last := got[len(got)-1]; len(got) != 3 || last.text != "Tiket #19" || last.id != messageID(m) {
		t.Fatalf("sent %d messages, last %v; want the text alone", len(got), last.msg)
	}
	if !strings.Contains(r.logs.String(), "file cannot be uploaded") {
		t.Error("the given-up file was not logged")
	}
}

// A server error sending the file's message is classified as for text:
// a 404 for good; WhatsApp's reach-out lock (463) keeps the row pending
// and pauses the channel's proactive messages.
func TestWhatsAppFileMessageError(t *testing.T) {
	r := newFileRig(t, true)
	code := 404
	r.fake.sendErr = func(_ types.JID, _ string) error { return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, code) }
	err := r.send(r.keep(t, "Tiket #20", outPNG))
	var se *bot.SendError
	if !errors.As(err, &se) || se.Retry {
		t.Fatalf("Send = %v, want permanent", err)
	}
	code = 463
	err = r.send(r.keep(t, "Tiket #21", outPNG))
	if !errors.As(err, &se) || !se.Retry || se.After != time.Hour {
		t.Fatalf("Send = %v, want temporary, after an hour", err)
	}
	err = r.db.View(context.Background(), func(tx *store.ReadTx) error {
		p, ok, err := tx.PauseOf(Channel, time.Now())
		if err == nil && (!ok || p.Reason != store.PauseReachout) {
			t.Errorf("pause %+v %v: want the reach-out lock", p, ok)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ownerPNOf is the JID a chat key addresses.
func ownerPNOf(k store.ChatKey) types.JID {
	j, _ := parseAddress(k.Address)
	return j
}
