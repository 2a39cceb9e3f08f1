package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// outlet delivers outbox rows with sendMessage. The generic sender paces
// it, keeps each chat in order and retries what it says to retry.
type outlet struct {
	api        *tgbot.Bot
	token      string
	shareLabel string
	timeout    time.Duration
	// partGap spaces the parts of a text too long for one message, at the
	// chat's own pace (the sender paces rows, not parts).
	partGap time.Duration

	mu sync.Mutex
	// done counts the parts of a long row already delivered, so that a
	// retry of the row does not send them again.
	done map[int64]int
}

func newOutlet(api *tgbot.Bot, token, shareLabel string, timeout time.Duration, lim bot.Limits) *outlet {
	o := &outlet{api: api, token: token, shareLabel: shareLabel, timeout: timeout, done: map[int64]int{}}
	if lim.PerChat > 0 {
		o.partGap = time.Duration(float64(time.Second) / lim.PerChat)
	}
	return o
}

// Send implements bot.Outlet.
func (o *outlet) Send(ctx context.Context, m store.OutboxMessage) error {
	chatID, err := strconv.ParseInt(m.Chat.Address, 10, 64)
	if err != nil {
		return bot.Permanent(errors.New("telegram: chat address is not a chat id"))
	}
	parts := render(chatID, m.Reply, o.shareLabel)
	o.mu.Lock()
	first := o.done[m.ID]
	o.mu.Unlock()
	for i := first; i < len(parts); i++ {
		if i > first && !sleep(ctx, o.partGap) {
			return o.failed(m.ID, i, ctx.Err())
		}
		sctx, cancel := context.WithTimeout(ctx, o.timeout)
		_, err := o.api.SendMessage(sctx, parts[i])
		cancel()
		if err != nil {
			return o.failed(m.ID, i, err)
		}
	}
	o.forget(m.ID)
	return nil
}

// failed remembers how many parts of row id went out and says what the
// sender should do about err.
func (o *outlet) failed(id int64, sent int, err error) error {
	se := classify(redact(fmt.Errorf("telegram: sendMessage: %w", err), o.token))
	var e *bot.SendError
	if errors.As(se, &e) && !e.Retry && !e.Unreachable {
		o.forget(id) // given up: nothing more of it will be sent
	} else if sent > 0 {
		o.mu.Lock()
		o.done[id] = sent
		o.mu.Unlock()
	}
	return se
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
