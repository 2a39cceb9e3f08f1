package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/store"
)

// testPNG is a small PNG as far as content sniffing goes.
var testPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01fake image data")

func image(path, caption string, length uint64) *waE2E.Message {
	return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{DirectPath: proto.String(path), Caption: proto.String(caption),
		Mimetype: proto.String("image/jpeg"), FileLength: proto.Uint64(length)}}
}

func document(path string, length uint64) *waE2E.Message {
	return &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{DirectPath: proto.String(path), FileName: proto.String("nib.pdf"),
		Mimetype: proto.String("application/pdf"), FileLength: proto.Uint64(length)}}
}

// mediaServer answers the fake's Download by the attachment's direct
// path: bytes, or an error.
type mediaServer map[string]any

func (m mediaServer) download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	switch v := m[msg.GetDirectPath()].(type) {
	case []byte:
		return v, nil
	case error:
		return nil, v
	case time.Duration: // hangs up to that long, or until ctx ends
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("failed to download media from last host: %w", ctx.Err())
		case <-time.After(v):
			return testPNG, nil
		}
	}
	return nil, errors.New("download failed with status code 404")
}

func saveTo(db *store.DB) func(context.Context, io.Reader) (store.StoredFile, error) {
	return func(_ context.Context, r io.Reader) (store.StoredFile, error) {
		return db.SaveFile(r, store.MaxFileSize)
	}
}

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

// A photo with a caption is downloaded through the client, kept, and
// handed on with its caption as the text; it is acknowledged once saved.
func TestFileImageSaved(t *testing.T) {
	fake := newFake(true)
	fake.download = mediaServer{"/v/t62/img": testPNG}.download
	db := openDB(t, "")
	a := New(fake, db, nil, Config{Log: quiet(), SaveFile: saveTo(db)})
	subs := newSubmits()
	run(t, a, subs.submit)
	if !fake.emit(dm("F1", image("/v/t62/img", "ini NIB saya", uint64(len(testPNG))))) {
		t.Fatal("the photo was left unacknowledged")
	}
	in := subs.next(t)
	if in.Text != "ini NIB saya" || in.Media != "photo" || in.FileRefused != "" {
		t.Errorf("text %q media %q refused %q", in.Text, in.Media, in.FileRefused)
	}
	if in.File == nil || in.File.Type != "image/png" || in.File.Size != int64(len(testPNG)) {
		t.Fatalf("file %+v, want the PNG kept", in.File)
	}
	kept, err := os.ReadFile(filepath.Join(db.FilesDir(), in.File.Name))
	if err != nil || !bytes.Equal(kept, testPNG) {
		t.Errorf("kept %q (%v)", kept, err)
	}
	if fake.downloadCount() != 1 {
		t.Errorf("%d downloads", fake.downloadCount())
	}
}

// Every photo or document that cannot be kept still reaches the
// dispatcher, in order, saying why, and is acknowledged; an announced
// length over the limit (however absurd) is refused without a download.
func TestFileRefusals(t *testing.T) {
	log, buf := newLog(slog.LevelInfo)
	fake := newFake(true)
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
	fake.download = mediaServer{
		"/exe":   []byte("MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode"),
		"/gone":  errors.New(`failed to download media from last host: Get "https://mmg.whatsapp.net/v/t62/gone?oh=secret": dial tcp: i/o timeout`),
		"/big":   append(bytes.Clone(testPNG), make([]byte, store.MaxFileSize)...), // more than it announced
		"/pdf":   pdf,
		"/inner": testPNG,
	}.download
	db := openDB(t, "")
	a := New(fake, db, nil, Config{Log: log, SaveFile: saveTo(db)})
	subs := newSubmits()
	run(t, a, subs.submit)
	wrapped := &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{
		DocumentMessage: &waE2E.DocumentMessage{DirectPath: proto.String("/inner"), Caption: proto.String("NIB")}}}}
	cases := []struct {
		msg        *waE2E.Message
		media      string
		refused    string
		downloaded bool
	}{
		{document("/announced-big", store.MaxFileSize+1), "document", "too_large", false},
		{image("/huge", "", math.MaxUint64), "photo", "too_large", false},
		{document("/negative-as-int64", 1<<63), "document", "too_large", false},
		{document("/exe", 40), "document", "type", true},
		{document("/gone", 100), "document", "failed", true},
		{document("/unknown", 0), "document", "failed", true},
		{image("/big", "", 0), "photo", "too_large", true},
		{&waE2E.Message{ImageMessage: &waE2E.ImageMessage{}}, "photo", "failed", true}, // no path, no length: tried, and fails
		{document("/pdf", uint64(len(pdf))), "document", "", true},
		{wrapped, "document", "", true},
	}
	for i, tc := range cases {
		before := fake.downloadCount()
		if !fake.emit(dm(fmt.Sprintf("R%d", i), tc.msg)) {
			t.Fatalf("case %d left unacknowledged", i)
		}
		in := subs.next(t)
		if in.ID != fmt.Sprintf("R%d", i) || in.Media != tc.media || in.FileRefused != tc.refused || (in.File != nil) != (tc.refused == "") {
			t.Errorf("case %d: %s media %q refused %q file %+v, want %q refused %q", i, in.ID, in.Media, in.FileRefused, in.File, tc.media, tc.refused)
		}
		if got := fake.downloadCount() > before; got != tc.downloaded {
			t.Errorf("case %d: downloaded %v, want %v", i, got, tc.downloaded)
		}
	}
	if last := subs.got[len(subs.got)-1]; last.Text != "NIB" || last.File == nil || last.File.Type != "image/png" {
		t.Errorf("wrapped document: %+v", last.Input)
	}
	if kept := keptFiles(t, db); len(kept) != 2 {
		t.Errorf("files kept %q, want the PDF and the wrapped one", kept)
	}
	out := buf.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "file not downloaded") {
		t.Errorf("a failed download is not logged at WARN:\n%s", out)
	}
	for _, leak := range []string{"6281234567890", "mmg.whatsapp.net", "oh=secret", "nib.pdf"} {
		if strings.Contains(out, leak) {
			t.Errorf("the log holds %q:\n%s", leak, out)
		}
	}
}

// A download that hangs is given up after FileTimeout; the message goes
// on, refused "failed", and is acknowledged.
func TestFileDownloadTimeout(t *testing.T) {
	fake := newFake(true)
	fake.download = mediaServer{"/slow": time.Hour}.download
	db := openDB(t, "")
	a := New(fake, db, nil, Config{Log: quiet(), SaveFile: saveTo(db), FileTimeout: 200 * time.Millisecond})
	subs := newSubmits()
	run(t, a, subs.submit)
	began := time.Now()
	if !fake.emit(dm("T1", document("/slow", 100))) {
		t.Error("left unacknowledged")
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("the receive loop waited %v", took)
	}
	if in := subs.next(t); in.FileRefused != "failed" || in.File != nil {
		t.Errorf("refused %q file %+v, want failed", in.FileRefused, in.File)
	}
}

// Stopping during a download leaves the message unacknowledged and not
// handed on: WhatsApp delivers it again to the next start.
func TestFileStopDuringDownload(t *testing.T) {
	fake := newFake(true)
	fake.download = mediaServer{"/slow": time.Hour}.download
	db := openDB(t, "")
	a := New(fake, db, nil, Config{Log: quiet(), SaveFile: saveTo(db), Linger: time.Millisecond})
	subs := newSubmits()
	stop := run(t, a, subs.submit)
	taken := make(chan bool, 1)
	go func() { taken <- fake.emit(dm("S1", document("/slow", 100))) }()
	eventually(t, "the download", func() bool { return fake.downloadCount() == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case ok := <-taken:
		if ok {
			t.Error("a message whose download was cut short was acknowledged")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the receive loop still waits for the download after the stop")
	}
	if len(subs.got) != 0 {
		t.Errorf("submitted %d", len(subs.got))
	}
}

// Without Config.SaveFile nothing is downloaded, as before.
func TestFileNotDownloadedWithoutSaveFile(t *testing.T) {
	fake := newFake(true)
	fake.download = mediaServer{"/img": testPNG}.download
	a := New(fake, nil, nil, Config{Log: quiet()})
	subs := newSubmits()
	run(t, a, subs.submit)
	fake.emit(dm("N1", image("/img", "x", 10)))
	if in := subs.next(t); in.Media != "photo" || in.File != nil || in.FileRefused != "" || fake.downloadCount() != 0 {
		t.Errorf("%+v, %d downloads: want a photo, nothing downloaded", in.Input, fake.downloadCount())
	}
}

// The media HTTP client installed on whatsmeow reads no body of an
// owner's file past its bound, announced or not; whatsmeow's own
// downloads (history sync blobs, which carry the LID map and privacy
// tokens) are not held to the file limit.
func TestMediaHTTPClientBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := bytes.Repeat([]byte("x"), 2000)
		switch r.URL.Path {
		case "/chunked":
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			w.Write(body)
		case "/exact":
			w.Write(body[:1000])
		default:
			w.Header().Set("Content-Length", "2000")
			w.Write(body)
		}
	}))
	defer srv.Close()
	cli := mediaHTTPClient(1000)
	get := func(ctx context.Context, path string) ([]byte, error) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := cli.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}
	for path, want := range map[string]error{"/announced": store.ErrFileTooLarge, "/chunked": store.ErrFileTooLarge, "/exact": nil} {
		data, err := get(ownerFile(context.Background()), path)
		if !errors.Is(err, want) || len(data) > 1000 {
			t.Errorf("%s: read %d bytes, err %v; want %v and at most 1000", path, len(data), err, want)
		}
		if data, err := get(context.Background(), path); err != nil || len(data) < 1000 {
			t.Errorf("%s, not an owner's file (history sync): read %d bytes, err %v; want all of it", path, len(data), err)
		}
	}
	if cli := mediaHTTPClient(0); cli.Transport.(*boundedTransport).max != store.MaxFileSize+mediaOverhead {
		t.Error("default bound")
	}
}
