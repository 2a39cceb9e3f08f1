package main

import (
	"context"
	"log/slog"

	"sobat-ikm/bot/telegram"
	"sobat-ikm/store"
)

// telegramChannel builds the Telegram channel when TELEGRAM_BOT_TOKEN is
// set; ok is false otherwise. It long-polls, or serves a webhook on -http
// when TELEGRAM_WEBHOOK_URL is set (secret: TELEGRAM_WEBHOOK_SECRET, or
// one derived from the token); TELEGRAM_API_URL points it at another Bot
// API server. The token is checked with getMe when the channel starts
// (retried while Telegram cannot be reached), and never logged. Chats
// are named in logs by pseud.
func telegramChannel(ctx context.Context, opts options, getenv func(string) string, log *slog.Logger, pseud *store.Pseudonyms) (channel, bool, error) {
	token := getenv("TELEGRAM_BOT_TOKEN")
	if token == "" {
		return nil, false, nil
	}
	a, err := telegram.New(telegram.Config{
		Token:         token,
		APIURL:        getenv("TELEGRAM_API_URL"),
		WebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
		WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
		Listen:        opts.http,
		Log:           log,
		Pseudonyms:    pseud,
	})
	if err != nil {
		return nil, false, err
	}
	return a, true, nil
}
