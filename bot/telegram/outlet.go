package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// outlet delivers outbox rows with sendMessage, and a row's file (an
// owner's photo or document passed on to an officer) with sendPhoto or
// sendDocument. The generic sender paces it, keeps each chat in order and
// retries what it says to retry.
type outlet struct {
	api        *tgbot.Bot
	token      string
	shareLabel string
	timeout    time.Duration
	// fileTimeout bounds one call that uploads a file.
	fileTimeout time.Duration
	// openFile opens a kept file by its name; nil: files are not sent.
	openFile func(name string) (io.ReadCloser, error)
	log      *slog.Logger
	pseud    *store.Pseudonyms
	// partGap spaces the parts of a text too long for one message, and a
	// file sent after its text, at the chat's own pace (the sender paces
	// rows, not parts).
	partGap time.Duration

	mu sync.Mutex
	// done counts the parts of a long row (its text's parts, then its
	// file) already delivered, so that a retry of the row does not send
	// them again.
	done map[int64]int
}

func newOutlet(api *tgbot.Bot, cfg Config, shareLabel string) *outlet {
	o := &outlet{api: api, token: cfg.Token, shareLabel: shareLabel, timeout: cfg.SendTimeout,
		fileTimeout: max(cfg.SendTimeout, cfg.FileTimeout), openFile: cfg.OpenFile,
		log: cfg.Log.With("component", "telegram"), pseud: cfg.Pseudonyms, done: map[int64]int{}}
	if cfg.Limits.PerChat > 0 {
		o.partGap = time.Duration(float64(time.Second) / cfg.Limits.PerChat)
	}
	return o
}

// Send implements bot.Outlet. A row with a file sends it with the text as
// its caption when the text fits one (and carries no keyboard); otherwise
// the text goes first, as it would alone, and the file after it without
// caption. A file that can no longer be opened (erased meanwhile), or
// that Telegram refuses, leaves the text to go alone.
func (o *outlet) Send(ctx context.Context, m store.OutboxMessage) error {
	chatID, err := strconv.ParseInt(m.Chat.Address, 10, 64)
	if err != nil {
		return bot.Permanent(errors.New("telegram: chat address is not a chat id"))
	}
	var file *attachment
	if m.Reply.File != "" && o.openFile != nil {
		file = o.open(m)
	}
	if file != nil {
		defer file.close()
	}
	err = o.deliver(ctx, chatID, m, file)
	if errors.Is(err, errFileRefused) {
		o.log.Warn("file not sent (refused by Telegram, or gone); the text goes alone", "chat", o.pseud.Of(m.Chat), "outbox_id", m.ID,
			"file_type", m.Reply.FileType, "err", redactToken(err.Error(), o.token))
		err = o.deliver(ctx, chatID, m, nil)
	}
	return err
}

// deliver sends what is left of row m: its text's parts and then, when
// file is set, the file (with the text as caption instead when it fits).
func (o *outlet) deliver(ctx context.Context, chatID int64, m store.OutboxMessage, file *attachment) error {
	parts := render(chatID, m.Reply, o.shareLabel)
	caption := ""
	if file != nil && len(parts) <= 1 && (len(parts) == 0 || fitsCaption(parts[0])) {
		if len(parts) == 1 {
			caption = parts[0].Text
		}
		parts = nil
	}
	steps := len(parts)
	if file != nil {
		steps++
	}
	o.mu.Lock()
	first := o.done[m.ID]
	o.mu.Unlock()
	for i := first; i < steps; i++ {
		method := "sendMessage"
		if i == len(parts) {
			method = "sendFile"
		}
		if i > first && !sleep(ctx, o.partGap) {
			return o.failed(m.ID, i, method, ctx.Err())
		}
		if i < len(parts) {
			sctx, cancel := context.WithTimeout(ctx, o.timeout)
			_, err := o.api.SendMessage(sctx, parts[i])
			cancel()
			if err != nil {
				return o.failed(m.ID, i, method, err)
			}
			continue
		}
		method, err := o.sendFile(ctx, chatID, m, file, caption)
		if errors.Is(err, errFileRefused) {
			o.remember(m.ID, i) // what follows sends only what is left of the text
			return err
		}
		if err != nil {
			return o.failed(m.ID, i, method, err)
		}
	}
	o.forget(m.ID)
	return nil
}

// failed remembers how many parts of row id went out and says what the
// sender should do about err (of the Bot API method).
func (o *outlet) failed(id int64, sent int, method string, err error) error {
	se := classify(redact(fmt.Errorf("telegram: %s: %w", method, err), o.token))
	var e *bot.SendError
	if errors.As(se, &e) && !e.Retry && !e.Unreachable {
		o.forget(id) // given up: nothing more of it will be sent
	} else if sent > 0 {
		o.remember(id, sent)
	}
	return se
}

func (o *outlet) remember(id int64, sent int) {
	o.mu.Lock()
	o.done[id] = sent
	o.mu.Unlock()
}

func (o *outlet) forget(id int64) {
	o.mu.Lock()
	delete(o.done, id)
	o.mu.Unlock()
}

// classify maps a Bot API error to what the sender should do: wait
// retry_after on 429; hold the chat on 403 (the owner blocked the bot);
// give up on 400 (the request itself is wrong); retry anything else
// (5xx, network errors, timeouts) with backoff. A 401 or 404 means the
// token or the API URL is wrong: the rows wait a minute at a time for an
// operator rather than being given up.
func classify(err error) error {
	var tmr *tgbot.TooManyRequestsError
	var mig *tgbot.MigrateError
	switch {
	case errors.As(err, &tmr):
		return bot.Temporary(err, time.Duration(tmr.RetryAfter)*time.Second)
	case errors.Is(err, tgbot.ErrorForbidden):
		return bot.Unreachable(err)
	case errors.As(err, &mig), errors.Is(err, tgbot.ErrorBadRequest):
		return bot.Permanent(err)
	case errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorNotFound):
		return bot.Temporary(err, time.Minute)
	}
	return bot.Temporary(err, 0)
}

// sleep waits d, or until ctx ends (then it returns false).
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
