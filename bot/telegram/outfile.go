package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"sobat-ikm/store"
)

// maxCaption is Telegram's limit on a photo's or document's caption, in
// UTF-16 code units.
const maxCaption = 1024

// errFileRefused: Telegram refused a row's file itself (400: a photo's
// dimensions or format, a document it will not take), or the file could
// not be read again; the row's text goes alone.
var errFileRefused = errors.New("telegram: file refused")

// attachment is a row's file, opened.
type attachment struct {
	name string // its name among the kept files
	typ  string // its MIME type
	r    io.ReadCloser
}

func (a *attachment) close() {
	if a.r != nil {
		a.r.Close()
	}
}

// fitsCaption reports whether a text message can be a file's caption
// instead: it fits, and it carries no keyboard (which stays on a text
// message).
func fitsCaption(p *tgbot.SendMessageParams) bool {
	return p.ReplyMarkup == nil && utf16Len(p.Text) <= maxCaption
}

// open opens row m's file, or returns nil (logged) when it cannot be: a
// file erased meanwhile is not waited for, the text goes alone.
func (o *outlet) open(m store.OutboxMessage) *attachment {
	r, err := o.openFile(m.Reply.File)
	if err == nil {
		return &attachment{name: m.Reply.File, typ: m.Reply.FileType, r: r}
	}
	log := o.log.With("chat", o.pseud.Of(m.Chat), "outbox_id", m.ID, "file_type", m.Reply.FileType)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		log.Info("file no longer kept (erased); the text goes alone")
	} else {
		log.Warn("file cannot be opened; the text goes alone", "err", err)
	}
	return nil
}

// sendFile uploads row m's file to the chat: a photo with sendPhoto (sent
// again as a document if Telegram refuses it as a photo), anything else
// with sendDocument. It returns the method that failed and its error;
// errFileRefused when Telegram refused the file. A protected reply's file
// is sent with protect_content, like its text.
func (o *outlet) sendFile(ctx context.Context, chatID int64, m store.OutboxMessage, f *attachment, caption string) (string, error) {
	if strings.HasPrefix(f.typ, "image/") {
		sctx, cancel := context.WithTimeout(ctx, o.fileTimeout)
		_, err := o.api.SendPhoto(sctx, &tgbot.SendPhotoParams{ChatID: chatID, Caption: caption, ProtectContent: m.Reply.Protect,
			Photo: &models.InputFileUpload{Filename: uploadName(f), Data: f.r}})
		cancel()
		if !errors.Is(err, tgbot.ErrorBadRequest) {
			return "sendPhoto", err
		}
		o.log.Info("photo refused by Telegram; sent as a document", "chat", o.pseud.Of(m.Chat), "outbox_id", m.ID,
			"file_type", f.typ, "err", redactToken(err.Error(), o.token))
		f.r.Close()
		if f.r, err = o.openFile(f.name); err != nil {
			f.r = nil
			return "sendDocument", fmt.Errorf("%w: %w", errFileRefused, err)
		}
	}
	sctx, cancel := context.WithTimeout(ctx, o.fileTimeout)
	_, err := o.api.SendDocument(sctx, &tgbot.SendDocumentParams{ChatID: chatID, Caption: caption, ProtectContent: m.Reply.Protect,
		Document: &models.InputFileUpload{Filename: uploadName(f), Data: f.r}})
	cancel()
	if errors.Is(err, tgbot.ErrorBadRequest) {
		return "sendDocument", fmt.Errorf("%w: %w", errFileRefused, err)
	}
	return "sendDocument", err
}

// uploadName is the name a file is uploaded under ("lampiran.pdf",
// "foto.jpg"): its kept name is of no use to the officer.
func uploadName(f *attachment) string {
	ext := strings.ToLower(filepath.Ext(f.name))
	if len(ext) < 2 || len(ext) > 6 || strings.ContainsAny(ext[1:], `./\ "`) {
		ext = ""
	}
	if strings.HasPrefix(f.typ, "image/") {
		return "foto" + ext
	}
	return "lampiran" + ext
}
