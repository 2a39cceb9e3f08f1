package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"

	"sobat-ikm/store"
)

// An owner's photo or document is downloaded on the receive loop, before
// the message is queued for the dispatcher (never inside its
// transaction): the length the message announces is checked first, then
// whatsmeow downloads and decrypts it (Client.Download), bounded in time
// (Config.FileTimeout) and, through the media HTTP client Open installs,
// in size (only an owner's file: whatsmeow's own history sync downloads
// are not held to the file limit); the bytes go to Config.SaveFile. What cannot be kept is said
// in Input.FileRefused and the message goes on without its file; only a
// stop during the download leaves the message unacknowledged, for
// WhatsApp to deliver again.

// mediaOverhead is what encryption adds to a file on WhatsApp's media
// servers (padding and MAC), with room to spare.
const mediaOverhead = 1 << 10

// wantsFile reports whether in carries a photo or document to download.
func (c *Adapter) wantsFile(in Incoming) bool {
	return c.cfg.SaveFile != nil && (in.Inbound.Media == "photo" || in.Inbound.Media == "document")
}

// attachFile downloads the photo or document of m and sets the inbound's
// File, or FileRefused ("too_large", "type", "failed"). It returns false,
// with in unchanged, when the channel stops before the download ends.
func (c *Adapter) attachFile(m *waE2E.Message, in *Incoming) bool {
	if c.quit.Err() != nil {
		return false
	}
	dm, length := attachment(m)
	refused, why := "", "the message names no file"
	switch {
	case dm == nil:
		refused = "failed"
	case length > uint64(c.maxFile): // compared unsigned: an absurd length does not wrap
		refused = "too_large"
	default:
		ctx, cancel := context.WithTimeout(c.quit, c.cfg.FileTimeout)
		f, err := c.fetchFile(ctx, dm)
		cancel()
		if err != nil && c.quit.Err() != nil {
			return false
		}
		if refused = refusal(err); refused == "" {
			in.Inbound.File = &f
			return true
		}
		why = cleanErr(err)
	}
	in.Inbound.FileRefused = refused
	log := c.log.With("chat", c.pseud.Of(in.Inbound.Chat), "media", in.Inbound.Media)
	if refused == "failed" {
		log.Warn("file not downloaded; the message goes on without it", "err", why)
	} else {
		log.Info("file refused", "reason", refused)
	}
	return true
}

// attachment is the downloadable part of a photo or document message
// (as content reads it) and the file length it announces (0: none).
func attachment(m *waE2E.Message) (whatsmeow.DownloadableMessage, uint64) {
	switch {
	case m.GetImageMessage() != nil:
		return m.GetImageMessage(), m.GetImageMessage().GetFileLength()
	case m.GetDocumentMessage() != nil:
		return m.GetDocumentMessage(), m.GetDocumentMessage().GetFileLength()
	case m.GetDocumentWithCaptionMessage().GetMessage() != nil:
		return attachment(m.GetDocumentWithCaptionMessage().GetMessage())
	}
	return nil, 0
}

// fetchFile downloads a file through whatsmeow and saves it.
func (c *Adapter) fetchFile(ctx context.Context, dm whatsmeow.DownloadableMessage) (store.StoredFile, error) {
	data, err := c.cli.Download(ownerFile(ctx), dm)
	switch {
	case err != nil:
		return store.StoredFile{}, fmt.Errorf("download: %w", err)
	case int64(len(data)) > c.maxFile:
		return store.StoredFile{}, store.ErrFileTooLarge
	}
	f, err := c.cfg.SaveFile(ctx, bytes.NewReader(data))
	if err != nil {
		return store.StoredFile{}, fmt.Errorf("save: %w", err)
	}
	return f, nil
}

// refusal is the Input.FileRefused of a download's outcome.
func refusal(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, store.ErrFileTooLarge):
		return "too_large"
	case errors.Is(err, store.ErrFileType):
		return "type"
	}
	return "failed"
}

var urlRe = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"']+`)

// cleanErr is an error's text for the log, without URLs (a media URL
// lets its holder fetch the encrypted file).
func cleanErr(err error) string { return urlRe.ReplaceAllString(err.Error(), "<url>") }

// mediaHTTPClient is the HTTP client whatsmeow downloads media with
// (Client.SetMediaHTTPClient). The download of an owner's file (its
// context marked by ownerFile) reads no response body past max bytes
// (store.MaxFileSize and the encryption's overhead, by default), so a
// media server cannot make the bot hold more than that in memory; a
// longer one fails with store.ErrFileTooLarge. whatsmeow's own downloads
// are bounded by otherMediaMax only: history sync blobs, larger than any
// file, carry the LID map and the contacts' privacy tokens that sending
// needs, and must not fail.
func mediaHTTPClient(max int64) *http.Client {
	if max <= 0 {
		max = store.MaxFileSize + mediaOverhead
	}
	return &http.Client{Transport: &boundedTransport{base: http.DefaultTransport.(*http.Transport).Clone(), max: max, other: otherMediaMax}}
}

// otherMediaMax bounds the media whatsmeow downloads for itself (history
// sync): generous, since whatsmeow reads a whole blob into memory anyway.
const otherMediaMax = 256 << 20

// ownerFileKey marks the context of an owner's file download.
type ownerFileKey struct{}

// ownerFile marks ctx as an owner's file download, bounded by the file
// limit (mediaHTTPClient).
func ownerFile(ctx context.Context) context.Context {
	return context.WithValue(ctx, ownerFileKey{}, true)
}

type boundedTransport struct {
	base  http.RoundTripper
	max   int64 // an owner's file
	other int64 // anything else
}

func (t *boundedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	limit := t.other
	if req.Context().Value(ownerFileKey{}) != nil {
		limit = t.max
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		resp.Body = io.NopCloser(failingReader{store.ErrFileTooLarge})
		resp.ContentLength = -1
		return resp, nil
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{store.LimitFile(resp.Body, limit), resp.Body}
	return resp, nil
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }
