package telegram

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// testPNG is a small PNG as far as content sniffing goes.
var testPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01fake image data")

// msgUpdate is a private message from chat 777 whose other fields are
// the JSON object members in fields.
func msgUpdate(updateID int64, msgID int, fields string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":777,"is_bot":false,"first_name":"A"},"chat":{"id":777,"type":"private"},"date":1764000000,%s}}`,
		updateID, msgID, fields)
}

func documentFields(fileID string, size int64) string {
	return fmt.Sprintf(`"document":{"file_id":%q,"file_unique_id":"U%s","file_name":"nib.pdf","mime_type":"application/pdf","file_size":%d}`, fileID, fileID, size)
}

// saveTo keeps files in db as the program does.
func saveTo(db *store.DB) func(context.Context, io.Reader) (store.StoredFile, error) {
	return func(_ context.Context, r io.Reader) (store.StoredFile, error) {
		return db.SaveFile(r, store.MaxFileSize)
	}
}

// keptFiles lists the files folder.
func keptFiles(t *testing.T, db *store.DB) []string {
	t.Helper()
	entries, err := os.ReadDir(db.FilesDir())
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// getFileIDs are the file_ids getFile was asked for.
func (f *fakeAPI) getFileIDs() []string {
	var ids []string
	for _, c := range f.sent("getFile") {
		ids = append(ids, c.Fields["file_id"])
	}
	return ids
}

// A photo with a caption: the largest size is downloaded from the
// configured Bot API server and kept; the caption stays the text.
func TestFilePhotoSaved(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("AgAC-small", fakeFile{path: "photos/file_0.jpg", size: 1200, content: []byte("\xff\xd8\xff small")})
	f.addFile("AgAC-big", fakeFile{path: "photos/file_1.png", size: int64(len(testPNG)), content: testPNG})
	f.queueUpdates(msgUpdate(1031, 66, `"caption":"Abon Ikan Mama Ani","photo":[`+
		`{"file_id":"AgAC-small","file_unique_id":"s","width":90,"height":90,"file_size":1200},`+
		`{"file_id":"AgAC-big","file_unique_id":"b","width":800,"height":800,"file_size":64000}]`))
	db := openDB(t)
	var logs logBuffer
	a := newTestAdapter(t, f, Config{SaveFile: saveTo(db), Log: logs.logger()})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "the photo submitted", func() bool { return len(s.ids()) == 1 })
	stop()

	in := s.got[0]
	if in.Text != "Abon Ikan Mama Ani" || in.Media != "photo" || in.FileRefused != "" {
		t.Errorf("text %q media %q refused %q, want the caption, photo, not refused", in.Text, in.Media, in.FileRefused)
	}
	if in.File == nil || in.File.Type != "image/png" || in.File.Size != int64(len(testPNG)) {
		t.Fatalf("file %+v, want the PNG kept", in.File)
	}
	if got := f.getFileIDs(); !slices.Equal(got, []string{"AgAC-big"}) {
		t.Errorf("getFile asked for %q, want the largest size only", got)
	}
	if got := f.downloaded(); !slices.Equal(got, []string{"/file/bot" + testToken + "/photos/file_1.png"}) {
		t.Errorf("downloads %q", got)
	}
	kept, err := os.ReadFile(filepath.Join(db.FilesDir(), in.File.Name))
	if err != nil || !bytes.Equal(kept, testPNG) {
		t.Errorf("kept file %q (%v), want the PNG's bytes", kept, err)
	}
	if strings.Contains(logs.String(), testToken) || strings.Contains(logs.String(), "photos/") {
		t.Errorf("the log names the token or the file's path:\n%s", logs.String())
	}
}

// A photo whose largest size is over the limit: the largest within it
// is taken.
func TestFilePhotoLargestWithinLimit(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("small", fakeFile{path: "photos/s.png", content: testPNG})
	f.addFile("huge", fakeFile{path: "photos/h.png", content: testPNG})
	f.queueUpdates(msgUpdate(1, 1, `"photo":[`+
		`{"file_id":"small","file_unique_id":"s","width":320,"height":320,"file_size":20000},`+
		`{"file_id":"huge","file_unique_id":"h","width":9000,"height":9000,"file_size":11000000}]`))
	db := openDB(t)
	a := newTestAdapter(t, f, Config{SaveFile: saveTo(db)})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "the photo submitted", func() bool { return len(s.ids()) == 1 })
	stop()
	if got := f.getFileIDs(); !slices.Equal(got, []string{"small"}) {
		t.Errorf("getFile asked for %q, want the size within the limit", got)
	}
	if in := s.got[0]; in.File == nil || in.FileRefused != "" {
		t.Errorf("file %+v refused %q, want kept", in.File, in.FileRefused)
	}
}

// Every photo or document that cannot be kept still reaches the
// dispatcher, in order, saying why; announced sizes over the limit and
// impossible ones are refused without a getFile call, and a file_path
// that climbs out of the file folder is never requested.
func TestFileRefusals(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("exe", fakeFile{path: "documents/setup.pdf", size: 40, content: []byte("MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode")})
	f.addFile("gone", fakeFile{path: "documents/gone.pdf", status: http.StatusInternalServerError})
	f.addFile("missing", fakeFile{path: "documents/missing.pdf", status: http.StatusNotFound})
	f.addFile("climb", fakeFile{path: "../../../etc/passwd", content: testPNG})
	f.addFile("climb2", fakeFile{path: "documents/../../secret.pdf", content: testPNG})
	f.addFile("absolute", fakeFile{path: "/var/lib/telegram-bot-api/documents/a.pdf", content: testPNG})
	f.addFile("backslash", fakeFile{path: `documents\..\..\a.pdf`, content: testPNG})
	f.addFile("big-getfile", fakeFile{path: "documents/big.pdf", size: store.MaxFileSize + 1, content: testPNG})
	f.addFile("big-length", fakeFile{path: "documents/big2.pdf", content: testPNG, length: store.MaxFileSize + 1})
	// More than announced (no size, no Content-Length): read up to the
	// limit only.
	f.addFile("big-body", fakeFile{path: "documents/big3.pdf", chunked: true,
		content: append(slices.Clone(testPNG), make([]byte, store.MaxFileSize)...)})
	f.addFile("ok", fakeFile{path: "documents/ok.png", content: testPNG})

	cases := []struct {
		fields  string
		media   string
		refused string
	}{
		{documentFields("announced-big", store.MaxFileSize+1), "document", "too_large"},
		{`"photo":[{"file_id":"p1","file_unique_id":"a","width":9000,"height":9000,"file_size":10485761}]`, "photo", "too_large"},
		{documentFields("exe", 40), "document", "type"},
		{documentFields("gone", 100), "document", "failed"},
		{documentFields("missing", 100), "document", "failed"},
		{documentFields("unknown-id", 100), "document", "failed"}, // getFile refuses
		{documentFields("climb", 100), "document", "failed"},
		{documentFields("climb2", 100), "document", "failed"},
		{documentFields("absolute", 100), "document", "failed"},
		{documentFields("backslash", 100), "document", "failed"},
		{documentFields("negative", -5), "document", "failed"},
		{documentFields("absurd", 9_000_000_000_000_000_000), "document", "too_large"},
		{`"photo":[{}]`, "photo", "failed"}, // a photo without a file
		{`"photo":[{"file_id":"neg","file_unique_id":"n","width":10,"height":10,"file_size":-1}]`, "photo", "failed"},
		{`"document":{}`, "document", "failed"},
		{documentFields("big-getfile", 100), "document", "too_large"},
		{documentFields("big-length", 0), "document", "too_large"},
		{documentFields("big-body", 0), "document", "too_large"},
		{documentFields("ok", 0), "document", ""},
	}
	var updates []string
	for i, tc := range cases {
		updates = append(updates, msgUpdate(int64(100+i), i+1, tc.fields))
	}
	// No sizes at all: not a photo (a service message, ignored), or,
	// with a caption, a text.
	updates = append(updates, msgUpdate(200, 200, `"photo":[]`), msgUpdate(201, 201, `"photo":null,"caption":"foto"`))
	f.queueUpdates(updates...)
	db := openDB(t)
	var logs logBuffer
	a := newTestAdapter(t, f, Config{SaveFile: saveTo(db), Log: logs.logger()})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 20*time.Second, "every message submitted", func() bool { return len(s.ids()) == len(cases)+1 })
	stop()

	for i, tc := range cases {
		in := s.got[i]
		if want := fmt.Sprintf("%d:%d", 100+i, i+1); in.ID != want {
			t.Fatalf("submit %d is %s, want %s (in order)", i, in.ID, want)
		}
		if in.Media != tc.media || in.FileRefused != tc.refused || (in.File != nil) != (tc.refused == "") {
			t.Errorf("%s: media %q refused %q file %+v, want %q refused %q", tc.fields, in.Media, in.FileRefused, in.File, tc.media, tc.refused)
		}
	}
	if last := s.got[len(cases)]; last.Text != "foto" || last.Media != "" || last.File != nil || last.FileRefused != "" {
		t.Errorf("a caption on a photo without sizes: %+v, want the text alone", last.Input)
	}
	asked := f.getFileIDs()
	for _, id := range []string{"announced-big", "p1", "negative", "absurd", "neg"} {
		if slices.Contains(asked, id) {
			t.Errorf("getFile asked for %q, whose announced size refuses it", id)
		}
	}
	for _, p := range f.downloaded() {
		if !strings.HasPrefix(p, "/file/bot"+testToken+"/documents/") || strings.Contains(p, "..") {
			t.Errorf("download of %q: outside the file folder", p)
		}
		for _, bad := range []string{"big.pdf", "climb", "etc/", "secret.pdf", "telegram-bot-api"} {
			if strings.Contains(p, bad) {
				t.Errorf("download of %q, which should have been refused before", p)
			}
		}
	}
	if kept := keptFiles(t, db); len(kept) != 1 {
		t.Errorf("files kept %q, want only the good one", kept)
	}
	out := logs.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "file not downloaded") {
		t.Errorf("a failed download is not logged at WARN:\n%s", out)
	}
	_, secret, _ := strings.Cut(testToken, ":")
	for _, leak := range []string{testToken, secret, "documents/", "etc/passwd", "nib.pdf"} {
		if strings.Contains(out, leak) {
			t.Errorf("the log holds %q:\n%s", leak, out)
		}
	}
}

// A download that hangs is given up after FileTimeout: the message goes
// on, refused "failed", and the updates after it are not held up.
func TestFileDownloadTimeout(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("slow", fakeFile{path: "documents/slow.pdf", hang: true})
	f.queueUpdates(msgUpdate(1, 1, documentFields("slow", 100)), textUpdate(2, 777, 2, "halo"))
	db := openDB(t)
	a := newTestAdapter(t, f, Config{SaveFile: saveTo(db), FileTimeout: 300 * time.Millisecond})
	var s submitted
	began := time.Now()
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "both submitted", func() bool { return len(s.ids()) == 2 })
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("took %v behind a hanging download", took)
	}
	stop()
	if in := s.got[0]; in.FileRefused != "failed" || in.File != nil {
		t.Errorf("refused %q file %+v, want failed", in.FileRefused, in.File)
	}
	waitFor(t, 5*time.Second, "the batch confirmed", func() bool { return slices.Contains(f.offsets(), "3") })
}

// Stopping during a download does not submit the update, nor confirm
// it: Telegram delivers it again to the next start.
func TestFileStopDuringDownload(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("slow", fakeFile{path: "documents/slow.pdf", hang: true})
	f.queueUpdates(textUpdate(1, 777, 1, "halo"), msgUpdate(2, 2, documentFields("slow", 100)))
	db := openDB(t)
	a := newTestAdapter(t, f, Config{SaveFile: saveTo(db)}) // FileTimeout 30 s
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "the download", func() bool { return len(f.downloaded()) == 1 })
	waitFor(t, 5*time.Second, "the text before it, not held up", func() bool { return len(s.ids()) == 1 })
	began := time.Now()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("stopping took %v behind a download", took)
	}
	if got := s.ids(); !slices.Equal(got, []string{"1:1"}) {
		t.Errorf("submitted %q, want the text only", got)
	}
	for _, o := range f.offsets() {
		if o == "3" {
			t.Errorf("the update whose download was cut short was confirmed (offsets %q)", f.offsets())
		}
	}
}

// Without Config.SaveFile nothing is downloaded, as before.
func TestFileNotDownloadedWithoutSaveFile(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("ok", fakeFile{path: "documents/ok.png", content: testPNG})
	f.queueUpdates(msgUpdate(1, 1, documentFields("ok", 10)))
	a := newTestAdapter(t, f, Config{})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "the document submitted", func() bool { return len(s.ids()) == 1 })
	stop()
	if in := s.got[0]; in.Media != "document" || in.File != nil || in.FileRefused != "" {
		t.Errorf("%+v, want a document without file nor refusal", in.Input)
	}
	if n := len(f.sent("getFile")); n != 0 {
		t.Errorf("%d getFile calls", n)
	}
}

// Files of a group's messages are not downloaded: the bot works in
// private chats only.
func TestFileNotDownloadedInGroups(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("ok", fakeFile{path: "documents/ok.png", content: testPNG})
	f.queueUpdates(`{"update_id":1,"message":{"message_id":1,"from":{"id":777,"is_bot":false,"first_name":"A"},"chat":{"id":-100,"type":"group"},"date":1764000000,` +
		documentFields("ok", 10) + `}}`)
	db := openDB(t)
	a := newTestAdapter(t, f, Config{SaveFile: saveTo(db)})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "the message submitted", func() bool { return len(s.ids()) == 1 })
	stop()
	if in := s.got[0]; !in.Group || in.File != nil || len(f.sent("getFile")) != 0 {
		t.Errorf("%+v, getFile %d: want a group message, nothing downloaded", in.Input, len(f.sent("getFile")))
	}
}

// A webhook update's file is downloaded before it is submitted.
func TestFileWebhook(t *testing.T) {
	f := newFakeAPI(t)
	f.addFile("ok", fakeFile{path: "documents/file_9.png", content: testPNG})
	db := openDB(t)
	a := newTestAdapter(t, f, Config{WebhookURL: "https://bot.example.org/tg", WebhookSecret: testSecret, SaveFile: saveTo(db)})
	var mu sync.Mutex
	var got []bot.Inbound
	h := a.WebhookHandler(func(_ context.Context, in bot.Inbound) error {
		mu.Lock()
		got = append(got, in)
		mu.Unlock()
		in.Done(nil)
		return nil
	})
	if rec := postUpdate(t, h, testSecret, msgUpdate(5, 5, `"caption":"NIB",`+documentFields("ok", int64(len(testPNG))))); rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if len(got) != 1 || got[0].File == nil || got[0].File.Type != "image/png" || got[0].Text != "NIB" {
		t.Fatalf("submitted %+v, want the document kept with its caption", got)
	}
}

// The file's URL is built on the configured server, and the file_path
// only ever becomes an escaped path below /file/bot<token>/.
func TestFileURL(t *testing.T) {
	a := &Adapter{cfg: Config{APIURL: "http://127.0.0.1:8081/tg/", Token: testToken}}
	for _, tc := range []struct{ path, want string }{
		{"photos/file_1.jpg", "http://127.0.0.1:8081/tg/file/bot" + testToken + "/photos/file_1.jpg"},
		{"photos/a b?x=1#y", "http://127.0.0.1:8081/tg/file/bot" + testToken + "/photos/a%20b%3Fx=1%23y"},
		{"%2e%2e/x", "http://127.0.0.1:8081/tg/file/bot" + testToken + "/%252e%252e/x"},
	} {
		got, err := a.fileURL(tc.path)
		if err != nil {
			t.Errorf("%q: %v", tc.path, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%q: %s, want %s", tc.path, got, tc.want)
		}
	}
	for _, bad := range []string{"", "..", "../x", "a/../../x", "a/./x", "/etc/passwd", "a//b", `a\b`, "a/\x00b", "a\nb", "a/", "photos/http://evil.example/x", strings.Repeat("a", 2000), "\xff"} {
		if u, err := a.fileURL(bad); err == nil {
			t.Errorf("%q accepted as %s", bad, u)
		}
	}
}
