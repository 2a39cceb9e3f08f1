package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"sobat-ikm/bot/telegram"
	"sobat-ikm/store"
)

// telegramChannel builds the Telegram channel when TELEGRAM_BOT_TOKEN is
// set; ok is false otherwise. It long-polls, or serves a webhook on -http
// when TELEGRAM_WEBHOOK_URL is set (secret: TELEGRAM_WEBHOOK_SECRET, or
// one derived from the token); TELEGRAM_API_URL points it at another Bot
// API server. It first takes the database's lock for this bot (named by
// the bot's id, never by the token), so a second process serving the same
// bot from the same database refuses to start. The token is checked with
// getMe when the channel starts (retried while Telegram cannot be
// reached), and never logged. Chats are named in logs by db's
// pseudonyms, owners' photos and documents are kept in db's files folder,
// and an owner blocking the bot (or starting it again) marks the chat
// unreachable (reachable) in db at once (db may be nil in tests: none of
// these).
func telegramChannel(ctx context.Context, opts options, getenv func(string) string, locks *channelLocks, log *slog.Logger,
	db *store.DB, also http.Handler) (channel, bool, error) {
	token := getenv("TELEGRAM_BOT_TOKEN")
	if token == "" {
		return nil, false, nil
	}
	id, err := telegram.BotID(token)
	if err != nil {
		return nil, false, fmt.Errorf("TELEGRAM_BOT_TOKEN: %w", err)
	}
	if err := locks.take("telegram-"+id, "serving Telegram bot "+id); err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, false, fmt.Errorf("bot %s is already served from %s by another process, and two would send every reply twice: %w; stop that process first", id, opts.db, err)
		}
		return nil, false, err
	}
	var pseud *store.Pseudonyms
	var saveFile func(context.Context, io.Reader) (store.StoredFile, error)
	var openFile func(string) (io.ReadCloser, error)
	var chatBlocked func(context.Context, store.ChatKey, bool, time.Time) error
	if db != nil {
		pseud = db.Pseudonyms()
		saveFile = func(ctx context.Context, r io.Reader) (store.StoredFile, error) {
			return db.SaveFile(r, store.MaxFileSize)
		}
		openFile = func(name string) (io.ReadCloser, error) { return db.OpenFile(name) }
		chatBlocked = func(ctx context.Context, chat store.ChatKey, blocked bool, at time.Time) error {
			if blocked {
				return db.MarkUnreachable(ctx, chat, at)
			}
			return db.MarkReachable(ctx, chat)
		}
	}
	a, err := telegram.New(telegram.Config{
		Token:         token,
		APIURL:        getenv("TELEGRAM_API_URL"),
		WebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
		WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
		Listen:        opts.http,
		Also:          also,
		Log:           log,
		Pseudonyms:    pseud,
		SaveFile:      saveFile,
		OpenFile:      openFile,
		ChatBlocked:   chatBlocked,
	})
	if err != nil {
		return nil, false, err
	}
	return a, true, nil
}
