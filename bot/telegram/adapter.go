package telegram

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"sobat-ikm/bot"
	"sobat-ikm/locales"
)

// Channel is the Telegram channel's name in chat keys and the outbox.
const Channel = "telegram"

// allowedUpdates are the update kinds the bot asks for; others would be
// ignored anyway.
var allowedUpdates = []string{models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery}

// submitWait bounds how long a polled update waits for room in the
// dispatcher's queue.
const submitWait = time.Minute

// Adapter connects the bot to Telegram through the Bot API.
type Adapter struct {
	cfg     Config
	api     *tgbot.Bot
	log     *slog.Logger
	out     *outlet
	answers *answerer
	// submit hands inbound messages to the dispatcher; set by Run before
	// any update is read.
	submit func(context.Context, bot.Inbound) error
}

// New checks the token with getMe and prepares the channel; Run starts it.
func New(cfg Config) (*Adapter, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	a := &Adapter{cfg: cfg, log: cfg.Log}
	api, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")),
		tgbot.WithHTTPClient(cfg.PollTimeout, cfg.HTTPClient),
		tgbot.WithCheckInitTimeout(cfg.SendTimeout),
		// One update at a time, in order, on one goroutine, handed over
		// through an unbuffered channel: see doc.go for why nothing the
		// poller confirmed can be lost at shutdown.
		tgbot.WithDefaultHandler(a.onUpdate),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithWorkers(1),
		tgbot.WithUpdatesChannelCap(0),
		tgbot.WithAllowedUpdates(allowedUpdates),
		tgbot.WithErrorsHandler(a.libError),
	)
	if err != nil {
		return nil, redact(fmt.Errorf("telegram: %w", err), cfg.Token)
	}
	a.api = api
	label := cfg.Catalog.Text(locales.Default, "telegram_share_phone", nil)
	a.out = newOutlet(api, cfg.Token, label, cfg.SendTimeout, cfg.Limits)
	a.answers = newAnswerer(api, cfg.Token, cfg.Log)
	return a, nil
}

// Name is the channel's name.
func (a *Adapter) Name() string { return Channel }

// Routes is how the sender delivers Telegram's outbox rows.
func (a *Adapter) Routes() []bot.Route {
	return []bot.Route{{Channel: Channel, Outlet: a.out, Workers: a.cfg.Workers, Limits: a.cfg.Limits}}
}

// Run receives updates, by long polling or on the webhook, and submits
// them until ctx ends. It returns after the last accepted update was
// submitted.
func (a *Adapter) Run(ctx context.Context, submit func(context.Context, bot.Inbound) error) error {
	a.submit = submit
	actx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { a.answers.run(actx) })
	defer func() { stop(); wg.Wait() }()
	if a.cfg.WebhookURL != "" {
		return a.serveWebhook(ctx, submit)
	}
	return a.poll(ctx)
}

// poll receives updates by long polling until ctx ends.
func (a *Adapter) poll(ctx context.Context) error {
	// getUpdates fails while a webhook is set (409 Conflict).
	if _, err := a.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		a.log.Warn("deleteWebhook failed; polling anyway", "component", "telegram", "err", redact(err, a.cfg.Token))
	}
	a.log.Info("telegram long polling", "component", "telegram")
	a.api.Start(ctx) // returns once the poller and the update worker stopped
	return nil
}

// onUpdate is the library's handler for every polled update.
func (a *Adapter) onUpdate(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	// The update may already be confirmed to Telegram (the next
	// getUpdates confirms a batch), so it must reach the dispatcher even
	// when shutdown has begun: ctx's cancellation is not passed on.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), submitWait)
	defer cancel()
	if err := a.deliver(sctx, a.submit, u); err != nil {
		a.log.Error("update lost: not accepted by the dispatcher", "component", "telegram", "update_id", u.ID, "err", err)
	}
}

// deliver normalizes an update, submits it and queues the answer to a
// pressed button. An update the bot ignores is delivered successfully.
func (a *Adapter) deliver(ctx context.Context, submit func(context.Context, bot.Inbound) error, u *models.Update) (err error) {
	defer func() {
		if p := recover(); p != nil { // a malformed update must not stop the bot
			a.log.Error("update dropped: it crashed the adapter", "component", "telegram", "panic", fmt.Sprint(p))
			err = nil
		}
	}()
	res := normalize(u)
	if res.ok {
		if err := submit(ctx, res.in); err != nil {
			return fmt.Errorf("telegram: submit: %w", err)
		}
		a.log.Debug("update received", "component", "telegram", "chat", res.in.Chat.Hash(), "update_id", u.ID, "media", res.in.Media, "button", res.in.Choice != "")
	}
	if res.callback != "" {
		a.answers.add(res.callback)
	}
	return nil
}

// libError logs the library's errors, without the token.
func (a *Adapter) libError(err error) {
	msg := redactToken(err.Error(), a.cfg.Token)
	if strings.Contains(msg, "ctx done") {
		// Shutting down with an update not yet handed over: its offset was
		// never confirmed, so Telegram delivers it again next time.
		a.log.Info("stopping: an unconfirmed update is left to Telegram", "component", "telegram")
		return
	}
	a.log.Warn("telegram client error", "component", "telegram", "err", msg)
}
