package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// An owner's photo or document is downloaded by the adapter before its
// update is submitted (never inside the dispatcher's transaction): the
// size Telegram announces is checked first, then getFile names the file
// and it is downloaded from the configured Bot API server, bounded in
// time (Config.FileTimeout) and in size (store.MaxFileSize), straight
// into Config.SaveFile. What cannot be kept is said in
// Input.FileRefused, and the message goes on without its file; only a
// stop during the download keeps the update back, unconfirmed, for
// Telegram to deliver again.

// errStopping: the channel stopped during a download; the update is not
// submitted, and Telegram delivers it again.
var errStopping = errors.New("telegram: stopping during a file download; the update is left to Telegram")

// fileWorkers is how many files of one batch of updates are downloaded
// at once.
const fileWorkers = 4

// maxFilePath bounds a file_path from getFile.
const maxFilePath = 1024

// wantsFile reports whether in carries a photo or document to download.
func (a *Adapter) wantsFile(in bot.Inbound) bool {
	return a.cfg.SaveFile != nil && !in.Group && (in.Media == "photo" || in.Media == "document")
}

// attachFile downloads the photo or document of m and sets in.File, or
// in.FileRefused ("too_large", "type", "failed"). It returns errStopping,
// with in unchanged, when stop ends before the download does.
func (a *Adapter) attachFile(stop context.Context, updateID int64, m *models.Message, in *bot.Inbound) error {
	fileID, refused := pickFile(m, a.maxFile)
	why := "the message names no file, or an impossible size"
	if refused == "" {
		f, err := a.fetchFile(stop, fileID)
		if err != nil && stop.Err() != nil {
			return errStopping
		}
		if refused = refusal(err); refused == "" {
			in.File = &f
			return nil
		}
		why = a.cleanErr(err)
	}
	in.FileRefused = refused
	log := a.log.With("component", "telegram", "chat", a.cfg.Pseudonyms.Of(in.Chat), "update_id", updateID, "media", in.Media)
	if refused == "failed" {
		log.Warn("file not downloaded; the message goes on without it", "err", why)
	} else {
		log.Info("file refused", "reason", refused)
	}
	return nil
}

// pickFile chooses what of m to download: of a photo, the largest size
// announced within max (Telegram sends several); else the document.
// refused is "too_large" when every candidate is announced larger than
// max, "failed" when m names no file or an impossible size.
func pickFile(m *models.Message, max int64) (fileID, refused string) {
	if len(m.Photo) > 0 {
		best, tooLarge := -1, false
		for i, p := range m.Photo {
			switch {
			case p.FileID == "" || p.FileSize < 0:
				continue
			case int64(p.FileSize) > max:
				tooLarge = true
				continue
			}
			if best < 0 || largerPhoto(p, m.Photo[best]) {
				best = i
			}
		}
		switch {
		case best >= 0:
			return m.Photo[best].FileID, ""
		case tooLarge:
			return "", "too_large"
		}
		return "", "failed"
	}
	d := m.Document
	switch {
	case d == nil || d.FileID == "" || d.FileSize < 0:
		return "", "failed"
	case d.FileSize > max:
		return "", "too_large"
	}
	return d.FileID, ""
}

// largerPhoto reports whether p has more pixels than q (or, as many,
// more bytes). Sizes without dimensions count as none.
func largerPhoto(p, q models.PhotoSize) bool {
	pa, qa := area(p), area(q)
	if pa != qa {
		return pa > qa
	}
	return p.FileSize > q.FileSize
}

func area(p models.PhotoSize) int64 {
	if p.Width <= 0 || p.Height <= 0 {
		return 0
	}
	return int64(min(p.Width, 1<<30)) * int64(min(p.Height, 1<<30))
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

// fetchFile asks getFile where the file is, downloads it from the Bot
// API server and saves it, within Config.FileTimeout.
func (a *Adapter) fetchFile(stop context.Context, fileID string) (store.StoredFile, error) {
	ctx, cancel := context.WithTimeout(stop, a.cfg.FileTimeout)
	defer cancel()
	f, err := a.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	switch {
	case err != nil:
		return store.StoredFile{}, fmt.Errorf("getFile: %w", err)
	case f == nil || f.FileSize < 0:
		return store.StoredFile{}, errors.New("getFile: no file, or an impossible size")
	case f.FileSize > a.maxFile:
		return store.StoredFile{}, store.ErrFileTooLarge
	}
	link, err := a.fileURL(f.FilePath)
	if err != nil {
		return store.StoredFile{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return store.StoredFile{}, fmt.Errorf("download: %w", err)
	}
	resp, err := a.cfg.HTTPClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which holds the token
		}
		return store.StoredFile{}, fmt.Errorf("download: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode != http.StatusOK:
		return store.StoredFile{}, fmt.Errorf("download: HTTP %d", resp.StatusCode)
	case resp.ContentLength > a.maxFile:
		return store.StoredFile{}, store.ErrFileTooLarge
	}
	sf, err := a.cfg.SaveFile(ctx, store.LimitFile(resp.Body, a.maxFile))
	if err != nil {
		return store.StoredFile{}, fmt.Errorf("download: %w", err)
	}
	return sf, nil
}

// fileURL is where the Bot API server serves a file:
// <APIURL>/file/bot<token>/<file_path>. The file_path Telegram gave is
// only ever a URL path on that server, never a local path: one that is
// absolute, climbs out ("..") or holds odd characters is refused, and
// the rest is escaped, so it cannot leave the file folder, add a query
// or name another host.
func (a *Adapter) fileURL(filePath string) (string, error) {
	if !relativeFilePath(filePath) {
		return "", errors.New("getFile: file_path is not a plain relative path")
	}
	u, err := url.Parse(strings.TrimRight(a.cfg.APIURL, "/"))
	if err != nil {
		return "", fmt.Errorf("getFile: API URL: %w", err)
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/file/bot" + a.cfg.Token + "/" + filePath
	u.RawPath, u.RawQuery, u.Fragment, u.ForceQuery = "", "", "", false
	return u.String(), nil
}

// relativeFilePath reports whether p is a path of plain segments: not
// empty, not absolute, no "." or ".." segment, no backslash, no control
// character, valid UTF-8.
func relativeFilePath(p string) bool {
	if p == "" || len(p) > maxFilePath || !utf8.ValidString(p) || strings.ContainsRune(p, '\\') {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

var urlRe = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"']+`)

// cleanErr is an error's text for the log: without the token, nor any
// URL (a file's URL holds the token and the file's path).
func (a *Adapter) cleanErr(err error) string {
	return urlRe.ReplaceAllString(redactToken(err.Error(), a.cfg.Token), "<url>")
}
