package whatsapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// A reply carrying a kept file (store.Reply.File: an owner's photo or
// document passed on to an officer) is read with Config.OpenFile,
// uploaded with Client.Upload and sent as an ImageMessage (JPEG and PNG
// photos) or a DocumentMessage (anything else: "lampiran.pdf"), the text
// as its caption when it fits. A text too long for a caption goes first,
// as it would alone, and the file after it without caption. A file no
// longer kept (erased meanwhile), or one that cannot be uploaded after
// uploadTries attempts, leaves the text to go alone.

// maxCaption is the longest caption sent, in UTF-16 code units (the
// limit WhatsApp's Business API documents for media captions; the app's
// own is not documented).
const maxCaption = 1024

// uploadTries is the attempt of a row after which a file that still
// cannot be uploaded is given up and its text sent alone.
const uploadTries = 5

// outFile is a row's file, read.
type outFile struct {
	data []byte
	typ  string // MIME type
	name string // the name it is sent under
}

// readFile reads row m's file, or returns nil (logged) when it cannot be
// read: the text then goes alone.
func (o *Outlet) readFile(m store.OutboxMessage) *outFile {
	c := o.c
	log := c.log.With("chat", c.pseud.Of(m.Chat), "outbox_id", m.ID, "file_type", m.Reply.FileType)
	r, err := c.cfg.OpenFile(m.Reply.File)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			log.Info("file no longer kept (erased); the text goes alone")
		} else {
			log.Warn("file cannot be opened; the text goes alone", "err", err)
		}
		return nil
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, store.MaxFileSize+1))
	switch {
	case err != nil:
		log.Warn("file cannot be read; the text goes alone", "err", err)
		return nil
	case len(data) > store.MaxFileSize:
		log.Warn("file too large to send; the text goes alone", "size_over", store.MaxFileSize)
		return nil
	}
	return &outFile{data: data, typ: m.Reply.FileType, name: sendName(m.Reply.File, m.Reply.FileType)}
}

// asImage reports whether a file is sent as a photo: JPEG and PNG. Others
// (a PDF, and WebP or GIF images, which WhatsApp shows as stickers or
// animations) go as documents.
func (f *outFile) asImage() bool { return f.typ == "image/jpeg" || f.typ == "image/png" }

// sendName is the name a file is sent under ("lampiran.pdf"): its kept
// name is of no use to the reader.
func sendName(kept, typ string) string {
	ext := strings.ToLower(filepath.Ext(kept))
	if len(ext) < 2 || len(ext) > 6 || strings.ContainsAny(ext[1:], `./\ "`) {
		ext = ""
	}
	if strings.HasPrefix(typ, "image/") {
		return "foto" + ext
	}
	return "lampiran" + ext
}

// sendWithFile sends row m's text and file: one message, the text as the
// file's caption, when it fits; otherwise the text (unless an earlier
// attempt sent it) and then the file. It returns the id of the row's
// first message (the text, or the file with its caption), or "" when
// nothing was sent.
func (o *Outlet) sendWithFile(ctx context.Context, to types.JID, m store.OutboxMessage, text string, f *outFile) (types.MessageID, error) {
	caption, id := text, messageID(m)
	if strings.TrimSpace(text) == "" {
		caption = ""
	}
	var first types.MessageID // sent already
	if captionLen(caption) > maxCaption {
		if !o.textSent(m.ID) {
			if _, err := o.sendText(ctx, to, m, text); err != nil {
				return "", err
			}
			o.setTextSent(m.ID, true)
		}
		first = messageID(m)
		caption, id = "", fileMessageID(m)
	}
	c := o.c
	up, err := o.upload(ctx, f)
	if err != nil {
		err = classify(fmt.Errorf("whatsapp: upload: %w", err))
		var se *bot.SendError
		if (!errors.As(err, &se) || se.Retry) && m.Attempts+1 < uploadTries {
			return "", err
		}
		c.log.Warn("file cannot be uploaded; the text goes alone", "chat", c.pseud.Of(m.Chat), "outbox_id", m.ID,
			"file_type", f.typ, "attempt", m.Attempts+1, "err", cleanErr(err))
		if caption != "" {
			if first, err = o.sendText(ctx, to, m, text); err != nil {
				return "", err
			}
		}
		o.setTextSent(m.ID, false)
		return first, nil
	}
	if _, err := c.cli.SendMessage(ctx, to, mediaMessage(f, up, caption), whatsmeow.SendRequestExtra{ID: id}); err != nil {
		err = o.sendFailed(ctx, m, err)
		var se *bot.SendError
		if errors.As(err, &se) && !se.Retry {
			o.setTextSent(m.ID, false) // given up
		}
		return "", err
	}
	o.setTextSent(m.ID, false)
	if first == "" {
		first = id
	}
	return first, nil
}

// upload uploads a file to WhatsApp's media servers, within
// Config.FileTimeout.
func (o *Outlet) upload(ctx context.Context, f *outFile) (whatsmeow.UploadResponse, error) {
	media := whatsmeow.MediaDocument
	if f.asImage() {
		media = whatsmeow.MediaImage
	}
	uctx, cancel := context.WithTimeout(ctx, o.c.cfg.FileTimeout)
	defer cancel()
	return o.c.cli.Upload(uctx, f.data, media)
}

// mediaMessage is the message of an uploaded file (whatsmeow's Upload
// documentation).
func mediaMessage(f *outFile, up whatsmeow.UploadResponse, caption string) *waE2E.Message {
	var capt *string
	if caption != "" {
		capt = proto.String(caption)
	}
	if f.asImage() {
		return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
			Caption:       capt,
			Mimetype:      proto.String(f.typ),
			URL:           proto.String(up.URL),
			DirectPath:    proto.String(up.DirectPath),
			MediaKey:      up.MediaKey,
			FileEncSHA256: up.FileEncSHA256,
			FileSHA256:    up.FileSHA256,
			FileLength:    proto.Uint64(up.FileLength),
		}}
	}
	typ := f.typ
	if typ == "" {
		typ = "application/octet-stream"
	}
	return &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
		Caption:       capt,
		Mimetype:      proto.String(typ),
		FileName:      proto.String(f.name),
		Title:         proto.String(f.name),
		URL:           proto.String(up.URL),
		DirectPath:    proto.String(up.DirectPath),
		MediaKey:      up.MediaKey,
		FileEncSHA256: up.FileEncSHA256,
		FileSHA256:    up.FileSHA256,
		FileLength:    proto.Uint64(up.FileLength),
	}}
}

// textSent reports whether an earlier attempt of row id sent its text
// ahead of its file.
func (o *Outlet) textSent(id int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.texted[id]
}

func (o *Outlet) setTextSent(id int64, sent bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !sent {
		delete(o.texted, id)
		return
	}
	if o.texted == nil || len(o.texted) >= maxWroteCache {
		o.texted = map[int64]bool{}
	}
	o.texted[id] = true
}

// fileMessageID is the WhatsApp id of a row's file sent after its text:
// like messageID, the same on every attempt.
func fileMessageID(m store.OutboxMessage) types.MessageID {
	sum := sha256.Sum256([]byte("sobat-ikm/outbox/" + strconv.FormatInt(m.ID, 10) + "/" +
		strconv.FormatInt(m.CreatedAt.UnixNano(), 10) + "/file"))
	return whatsmeow.WebMessageIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9]))
}

// captionLen is the length of s in UTF-16 code units.
func captionLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
