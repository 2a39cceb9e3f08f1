package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"sobat-ikm/bot"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// Channel is the Telegram channel's name in chat keys and the outbox.
const Channel = "telegram"

// allowedUpdates are the update kinds the bot asks for; others would be
// ignored anyway. my_chat_member says when an owner blocks the bot, or
// starts it again (Config.ChatBlocked).
var allowedUpdates = []string{models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery, models.AllowedUpdateMyChatMember}

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
	// pollGrace is how much longer than its long-poll timeout a
	// getUpdates call may take before it is abandoned.
	pollGrace time.Duration
	// saveWait is how long a webhook request waits for its update to be
	// saved.
	saveWait time.Duration
	// maxFile is the largest photo or document downloaded
	// (store.MaxFileSize).
	maxFile int64
	// blockErrs paces the log of Config.ChatBlocked's failures.
	blockErrs *logEvery
}

// New prepares the channel; Run checks the token and starts it.
func New(cfg Config) (*Adapter, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	a := &Adapter{cfg: cfg, log: cfg.Log, pollGrace: pollGrace, saveWait: webhookSaveWait, maxFile: store.MaxFileSize,
		blockErrs: newLogEvery(time.Minute)}
	api, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")),
		tgbot.WithHTTPClient(cfg.PollTimeout, cfg.HTTPClient),
		// getMe is called by Run, retried while Telegram cannot be
		// reached; updates are polled by our own loop (poll.go), never by
		// the library, whose poller confirms updates before they are saved.
		tgbot.WithSkipGetMe(),
		tgbot.WithErrorsHandler(a.libError),
	)
	if err != nil {
		return nil, redact(fmt.Errorf("telegram: %w", err), cfg.Token)
	}
	a.api = api
	label := cfg.Catalog.Text(locales.Default, "telegram_share_phone", nil)
	a.out = newOutlet(api, cfg, label)
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
	if err := a.checkToken(ctx); err != nil {
		return err
	}
	actx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { a.answers.run(actx) })
	defer func() { stop(); wg.Wait() }()
	if a.cfg.WebhookURL != "" {
		return a.serveWebhook(ctx, submit)
	}
	return a.poll(ctx)
}

// prepare normalizes an update and, for an owner's photo or document,
// downloads the file (attachFile). It returns errStopping when stop ends
// during the download: the update must then not be submitted. An update
// that crashes it is logged and ignored.
func (a *Adapter) prepare(stop context.Context, u *models.Update) (res update, err error) {
	defer func() {
		if p := recover(); p != nil { // a malformed update must not stop the bot
			a.log.Error("update dropped: it crashed the adapter", "component", "telegram", "panic", fmt.Sprint(p))
			res, err = update{}, nil
		}
	}()
	res = normalize(u)
	if res.ok && u.Message != nil && a.wantsFile(res.in) {
		if err := a.attachFile(stop, u.ID, u.Message, &res.in); err != nil {
			return update{}, err
		}
	}
	return res, nil
}

// deliver submits a prepared update and queues the answer to a pressed
// button; a private chat's block or unblock goes to Config.ChatBlocked
// instead, never to the dispatcher. An update the bot ignores is
// delivered successfully. done, when set, is called once the update is
// saved (nil) or could not be (an error: the dispatcher could not save
// it, or ChatBlocked failed); an update the bot ignores is done at once.
func (a *Adapter) deliver(ctx context.Context, submit func(context.Context, bot.Inbound) error, u *models.Update, res update, done func(error)) (err error) {
	handled := false // done was called, or handed to the dispatcher
	defer func() {
		if p := recover(); p != nil { // a malformed update must not stop the bot
			a.log.Error("update dropped: it crashed the adapter", "component", "telegram", "panic", fmt.Sprint(p))
			err = nil
			if done != nil && !handled {
				done(nil)
			}
		}
	}()
	switch {
	case res.member != nil:
		herr := a.chatBlocked(ctx, u, *res.member)
		handled = true
		if done != nil {
			done(herr)
		}
	case !res.ok:
		handled = true
		if done != nil {
			done(nil)
		}
	default:
		res.in.Done = done
		handled = true
		if err := submit(ctx, res.in); err != nil {
			return fmt.Errorf("telegram: submit: %w", err)
		}
		a.log.Debug("update received", "component", "telegram", "chat", a.cfg.Pseudonyms.Of(res.in.Chat), "update_id", u.ID,
			"media", res.in.Media, "button", res.in.Choice != "", "file", res.in.File != nil, "file_refused", res.in.FileRefused)
	}
	if res.callback != "" {
		a.answers.add(res.callback)
	}
	return nil
}

// chatBlocked records that an owner blocked the bot or started it again
// (Config.ChatBlocked, within saveWait). An error means it was not
// recorded: the update must stay with Telegram.
func (a *Adapter) chatBlocked(ctx context.Context, u *models.Update, c memberChange) error {
	if a.cfg.ChatBlocked == nil {
		return nil
	}
	at := c.at
	if at.IsZero() {
		at = time.Now()
	}
	hctx, cancel := context.WithTimeout(ctx, a.saveWait)
	defer cancel()
	if err := a.cfg.ChatBlocked(hctx, c.chat, c.blocked, at); err != nil {
		if n, ok := a.blockErrs.allow(); ok {
			a.log.Warn("a chat's block or unblock not saved; Telegram will deliver it again", "component", "telegram",
				"chat", a.cfg.Pseudonyms.Of(c.chat), "update_id", u.ID, "blocked", c.blocked, "failures", n, "err", err)
		}
		return fmt.Errorf("telegram: chat blocked: %w", err)
	}
	what := "the owner started the bot again: the chat is reachable"
	if c.blocked {
		what = "the owner blocked the bot: the chat is unreachable"
	}
	a.log.Info(what, "component", "telegram", "chat", a.cfg.Pseudonyms.Of(c.chat), "update_id", u.ID)
	return nil
}

// libError logs the library's errors, without the token.
func (a *Adapter) libError(err error) {
	msg := redactToken(err.Error(), a.cfg.Token)
	a.log.Warn("telegram client error", "component", "telegram", "err", msg)
}

// checkToken calls getMe until it answers: a refused token stops the
// channel at once, while a Bot API that cannot be reached (no network
// yet, a 5xx) is tried again with backoff, saying so.
func (a *Adapter) checkToken(ctx context.Context) error {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, a.cfg.SendTimeout)
		me, err := a.api.GetMe(cctx)
		cancel()
		if err == nil {
			a.log.Info("telegram bot ready", "component", "telegram", "bot", me.Username)
			return nil
		}
		if ctx.Err() != nil {
			return nil // stopping before it ever started
		}
		err = redact(err, a.cfg.Token)
		if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
			return fmt.Errorf("telegram: the bot token was refused (check TELEGRAM_BOT_TOKEN): %w", err)
		}
		a.log.Warn("cannot reach the Telegram Bot API; trying again", "component", "telegram", "attempt", attempt, "wait", wait, "err", err)
		if !sleep(ctx, wait) {
			return nil
		}
		wait = min(2*wait, time.Minute)
	}
}
