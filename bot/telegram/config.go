package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"time"

	tgbot "github.com/go-telegram/bot"

	"sobat-ikm/bot"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// Config sets up the Telegram channel; zero values pick defaults.
type Config struct {
	// Token is the bot token from @BotFather. It is never logged.
	Token string
	// APIURL is the Bot API server (default https://api.telegram.org): a
	// self-hosted telegram-bot-api, or a test server.
	APIURL string
	// WebhookURL, when set, switches from long polling to a webhook:
	// Telegram posts updates to this URL, served on Listen.
	WebhookURL string
	// WebhookSecret is the secret token Telegram sends with every webhook
	// request (1-256 of A-Z a-z 0-9 _ -). Default: derived from the token.
	WebhookSecret string
	// Listen is the webhook server's address (default "127.0.0.1:8080":
	// loopback only, behind an HTTPS reverse proxy).
	Listen string
	// Also, when set, serves every other path of the webhook's server
	// (the officers' web console shares its address).
	Also http.Handler
	// WebhookMaxConnections is how many webhook requests Telegram makes at
	// once (default 1, which keeps every chat's updates in order; with
	// more, two updates of one chat may arrive out of order).
	WebhookMaxConnections int
	// PollTimeout is how long one getUpdates call waits for updates
	// (default 30 s).
	PollTimeout time.Duration
	// SendTimeout bounds one Bot API call made to send (default 5 s): a
	// request that hangs is abandoned and its row tried again.
	SendTimeout time.Duration
	// Workers is how many chats are sent to at once (default 8).
	Workers int
	// Limits paces sending (default: 1 message/s per chat with bursts of
	// 3, 25 messages/s overall with bursts of 5; Telegram's FAQ asks for
	// about 1/s per chat and under 30/s in all).
	Limits bot.Limits
	// Catalog gives the "share my number" button's label (default: the
	// embedded catalog).
	Catalog *locales.Catalog
	// HTTPClient makes the Bot API calls (default: an http.Client whose
	// timeout exceeds PollTimeout).
	HTTPClient tgbot.HttpClient
	// Log receives operational logs (default slog.Default()).
	Log *slog.Logger
	// Pseudonyms names chats in logs (default: a random key per start;
	// the program passes the database's, store.DB.Pseudonyms).
	Pseudonyms *store.Pseudonyms
	// SaveFile keeps an owner's photo or document, read from r (at most
	// store.MaxFileSize bytes are read); the program passes the
	// database's store.DB.SaveFile. The file is downloaded before its
	// message is submitted, and Input.File or Input.FileRefused set. Nil:
	// files are not downloaded.
	SaveFile func(ctx context.Context, r io.Reader) (store.StoredFile, error)
	// FileTimeout bounds getFile and the download of one file (default
	// 30 s; HTTPClient's own timeout bounds each request too); a file not
	// downloaded in time is refused as "failed" and its message goes on
	// without it. It also bounds the upload of a reply's file (at least
	// SendTimeout); one not uploaded in time is tried again.
	FileTimeout time.Duration
	// OpenFile opens a kept file by its name, for a reply that carries
	// one (store.Reply.File: an owner's photo or document passed on to an
	// officer); the program passes the database's store.DB.OpenFile. Nil:
	// files are not sent, the text goes alone.
	OpenFile func(name string) (io.ReadCloser, error)
	// ChatBlocked records that the owner of a private chat blocked the
	// bot (blocked: Telegram's my_chat_member update with the status
	// "kicked"; at is when) or started it again (the status "member"):
	// the program passes the database's store.DB.MarkUnreachable and
	// store.DB.MarkReachable. The update is confirmed only once it
	// returns nil; an error leaves it with Telegram, which delivers it
	// again. Nil: such updates are confirmed and ignored.
	ChatBlocked func(ctx context.Context, chat store.ChatKey, blocked bool, at time.Time) error
}

// DefaultLimits are Telegram's published limits with some room.
var DefaultLimits = bot.Limits{Global: 25, GlobalBurst: 5, PerChat: 1, PerChatBurst: 3}

const (
	defaultAPIURL      = "https://api.telegram.org"
	defaultListen      = "127.0.0.1:8080"
	defaultPollTimeout = 30 * time.Second
	defaultSendTimeout = 5 * time.Second
	defaultWorkers     = 8
	defaultFileTimeout = 30 * time.Second
)

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// withDefaults checks cfg and fills in its defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Token == "" {
		return cfg, errors.New("telegram: no bot token")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = defaultAPIURL
	}
	if u, err := url.Parse(cfg.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, fmt.Errorf("telegram: API URL %q is not an http(s) URL", cfg.APIURL)
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return cfg, errors.New("telegram: webhook URL is not an http(s) URL")
		}
		if cfg.WebhookSecret == "" {
			cfg.WebhookSecret = deriveSecret(cfg.Token)
		}
		if !secretRe.MatchString(cfg.WebhookSecret) {
			return cfg, errors.New("telegram: webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
		}
	}
	if cfg.Listen == "" {
		cfg.Listen = defaultListen
	}
	if cfg.WebhookMaxConnections <= 0 {
		cfg.WebhookMaxConnections = 1
	}
	if cfg.PollTimeout < 2*time.Second {
		cfg.PollTimeout = defaultPollTimeout
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = defaultSendTimeout
	}
	if cfg.Workers <= 0 {
		cfg.Workers = defaultWorkers
	}
	if cfg.FileTimeout <= 0 {
		cfg.FileTimeout = defaultFileTimeout
	}
	if cfg.Limits == (bot.Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Pseudonyms == nil {
		cfg.Pseudonyms = store.NewPseudonyms(nil)
	}
	if cfg.Catalog == nil {
		cat, err := locales.Load()
		if err != nil {
			return cfg, err
		}
		cfg.Catalog = cat
	}
	if cfg.HTTPClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = cfg.Workers + 2
		cfg.HTTPClient = &http.Client{Transport: tr, Timeout: cfg.PollTimeout + 15*time.Second}
	}
	return cfg, nil
}

// deriveSecret makes a webhook secret from the token, so that none has to
// be configured; it reveals nothing about the token.
func deriveSecret(token string) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("sobat-ikm telegram webhook secret"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
