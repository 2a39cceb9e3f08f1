package main

import (
	"context"
	"log/slog"
)

// telegramChannel builds the Telegram channel when TELEGRAM_BOT_TOKEN is
// set; ok is false otherwise.
func telegramChannel(ctx context.Context, opts options, getenv func(string) string, log *slog.Logger) (channel, bool, error) {
	return nil, false, nil
}
