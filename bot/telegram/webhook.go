package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"sobat-ikm/bot"
)

// maxUpdateBody bounds one webhook request's body.
const maxUpdateBody = 1 << 20

// secretHeader carries the webhook's secret token.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// webhookSaveWait is how long a webhook request waits for its update to be
// saved before answering 500 (Telegram then delivers it again; if it was
// saved meanwhile, the second delivery is dropped by its id).
const webhookSaveWait = 20 * time.Second

// WebhookHandler receives updates that Telegram posts. A request without
// the right secret token gets 401 and is dropped. An update is answered
// 200 only once the dispatcher has saved it, or Config.ChatBlocked has
// recorded a block or unblock (or it is one the bot ignores, or one that
// cannot be decoded); otherwise 500, and Telegram delivers it again
// later. A body that is not an update at all gets 400. Rejected
// requests are logged at most once a minute each kind, with a count, so
// that a client hammering the endpoint cannot flood the log.
func (a *Adapter) WebhookHandler(submit func(context.Context, bot.Inbound) error) http.Handler {
	return a.webhookHandler(context.Background(), submit)
}

// webhookHandler is WebhookHandler whose file downloads end when stop
// does (the update is then answered 500, for Telegram to send again).
func (a *Adapter) webhookHandler(stop context.Context, submit func(context.Context, bot.Inbound) error) http.Handler {
	secret := []byte(a.cfg.WebhookSecret)
	badSecret, badBody, notSaved := newLogEvery(time.Minute), newLogEvery(time.Minute), newLogEvery(time.Minute)
	skipped := newLogEvery(time.Minute)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), secret) != 1 {
			if n, ok := badSecret.allow(); ok {
				a.log.Warn("webhook requests with a wrong secret token dropped", "component", "telegram", "count", n)
			}
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u models.Update
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBody))
		if err == nil {
			err = json.Unmarshal(raw, &u)
		}
		if err != nil {
			var id struct {
				UpdateID *int64 `json:"update_id"`
			}
			if json.Unmarshal(raw, &id) == nil && id.UpdateID != nil {
				// An update the library cannot decode (a member status it
				// does not know, say): skipped and confirmed, as polling
				// does, instead of being sent again and again.
				if n, ok := skipped.allow(); ok {
					a.log.Warn("webhook updates skipped: not readable", "component", "telegram", "count", n, "update_id", *id.UpdateID, "err", err)
				}
				w.WriteHeader(http.StatusOK)
				return
			}
			if n, ok := badBody.allow(); ok {
				a.log.Warn("webhook updates not readable", "component", "telegram", "count", n, "err", err)
			}
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		dctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		defer context.AfterFunc(stop, cancel)()
		res, err := a.prepare(dctx, &u) // the file is downloaded before the update is submitted
		saved := make(chan error, 1)
		if err == nil {
			err = a.deliver(r.Context(), submit, &u, res, func(err error) { saved <- err })
		}
		if err == nil {
			t := time.NewTimer(a.saveWait)
			defer t.Stop()
			select {
			case err = <-saved:
			case <-t.C:
				err = errors.New("not saved in time")
			case <-r.Context().Done():
				err = r.Context().Err()
			}
		}
		if err != nil {
			if n, ok := notSaved.allow(); ok {
				a.log.Error("webhook updates not saved; Telegram will send them again", "component", "telegram", "count", n, "err", err)
			}
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// serveWebhook serves the webhook until ctx ends, then stops accepting
// requests and waits for those in flight, so every update Telegram saw
// answered 200 was submitted.
func (a *Adapter) serveWebhook(ctx context.Context, submit func(context.Context, bot.Inbound) error) error {
	u, err := url.Parse(a.cfg.WebhookURL)
	if err != nil {
		return fmt.Errorf("telegram: webhook URL: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	mux := http.NewServeMux()
	mux.Handle(path, a.webhookHandler(ctx, submit))
	if a.cfg.Also != nil && path != "/" {
		mux.Handle("/", a.cfg.Also)
	}
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("telegram: webhook: %w", err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      a.cfg.FileTimeout + webhookSaveWait + submitWait + 10*time.Second, // a file is downloaded; Submit may wait for a full queue
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.log.Info("telegram webhook listening", "component", "telegram", "addr", ln.Addr().String(), "path", path)

	if err := a.setWebhook(ctx); err != nil && ctx.Err() == nil {
		srv.Close()
		<-served
		return err
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("telegram: webhook server: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-served
	if err != nil {
		return fmt.Errorf("telegram: webhook shutdown: %w", err)
	}
	return nil
}

// setWebhook tells Telegram where to post updates, retrying transient
// failures a few times.
func (a *Adapter) setWebhook(ctx context.Context) error {
	params := &tgbot.SetWebhookParams{
		URL:            a.cfg.WebhookURL,
		SecretToken:    a.cfg.WebhookSecret,
		MaxConnections: a.cfg.WebhookMaxConnections,
		AllowedUpdates: allowedUpdates,
	}
	wait := time.Second
	for attempt := 1; ; attempt++ {
		_, err := a.api.SetWebhook(ctx, params)
		if err == nil {
			a.log.Info("telegram webhook set", "component", "telegram")
			return nil
		}
		err = redact(err, a.cfg.Token)
		var se *bot.SendError
		if errors.As(classify(err), &se) && !se.Retry || attempt == 5 {
			return fmt.Errorf("telegram: setWebhook: %w", err)
		}
		a.log.Warn("setWebhook failed, will retry", "component", "telegram", "err", err, "wait", wait)
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
		wait *= 2
	}
}
