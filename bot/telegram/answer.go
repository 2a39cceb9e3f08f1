package telegram

import (
	"context"
	"log/slog"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// answerer answers callback queries (so that a pressed button's spinner
// stops) off the receive path: the next update need not wait for it, and
// the order of answers does not matter. When it falls behind, answers are
// dropped; Telegram stops the spinner by itself after a while.
type answerer struct {
	api   *tgbot.Bot
	token string
	log   *slog.Logger
	q     chan string
}

const (
	answerQueue   = 256
	answerWorkers = 2
	answerTimeout = 10 * time.Second
)

func newAnswerer(api *tgbot.Bot, token string, log *slog.Logger) *answerer {
	return &answerer{api: api, token: token, log: log, q: make(chan string, answerQueue)}
}

// add queues an answer to the callback query id; it never waits.
func (a *answerer) add(id string) {
	select {
	case a.q <- id:
	default:
		a.log.Warn("callback answer dropped: queue full", "component", "telegram")
	}
}

// run answers queued callback queries until ctx ends.
func (a *answerer) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range answerWorkers {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case id := <-a.q:
					actx, cancel := context.WithTimeout(ctx, answerTimeout)
					_, err := a.api.AnswerCallbackQuery(actx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id})
					cancel()
					if err != nil && ctx.Err() == nil {
						a.log.Warn("callback not answered", "component", "telegram", "err", redact(err, a.token))
					}
				}
			}
		})
	}
	wg.Wait()
}
