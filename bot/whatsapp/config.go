package whatsapp

import (
	"context"
	"io"
	"log/slog"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// Channel is the WhatsApp channel's name in chat keys and the outbox.
const Channel = "whatsapp"

// DefaultLimits pace WhatsApp conservatively: a linked personal number
// that sends fast, or in bulk, gets banned. A reply may go out at once
// (a burst of 3 across the channel), but in bulk no more than one message
// every 2 s leaves the number, one every 2 s per chat, each after a
// random wait of up to 2 s.
var DefaultLimits = bot.Limits{Global: 0.5, GlobalBurst: 3, PerChat: 0.5, PerChatBurst: 1, Jitter: 2 * time.Second}

// Config tunes the channel; zero values pick defaults.
type Config struct {
	// Log receives operational logs (default slog.Default()). Chats are
	// logged by their hash, never by number.
	Log *slog.Logger
	// Limits paces sending (default DefaultLimits).
	Limits bot.Limits
	// Workers is how many chats are sent to at once (default 2).
	Workers int
	// QueueSize is how many received messages may wait to be handed to the
	// dispatcher (default 4096). When it is full a message is not
	// acknowledged, and WhatsApp delivers it again after a reconnect.
	QueueSize int
	// SaveWait is how long whatsmeow's receive loop waits for a message
	// to be saved before leaving it unacknowledged (default 10 s).
	SaveWait time.Duration
	// OfflineRetry is the first wait asked of the sender when WhatsApp is
	// not connected (default 15 s); it doubles with each attempt up to
	// StoppedRetry.
	OfflineRetry time.Duration
	// StoppedRetry is the wait asked of the sender once the channel has
	// stopped for good (logged out, banned...): default 30 min. Rows stay
	// pending for the next start.
	StoppedRetry time.Duration
	// ConnectWait is how long Open waits for the connection before it
	// returns (default 10 s), so that messages queued while the bot was
	// down go out at start.
	ConnectWait time.Duration
	// Linger keeps the connection open after Run's context ends, so that
	// the replies of the last messages can still be delivered (default
	// 15 s). No new message is accepted meanwhile: WhatsApp delivers those
	// again at the next start.
	Linger time.Duration
	// IdleOffline is how long after the last typing indicator the device
	// shows itself offline again (default 30 s): while the linked device
	// is online, the office's phone gets no notifications.
	IdleOffline time.Duration
	// Claim, when set, is called by Open once it found a linked device and
	// before it connects; its error stops Open. The program takes its
	// database's WhatsApp lock here, so that one database is served by one
	// WhatsApp session at a time.
	Claim func() error
	// SaveFile keeps an owner's photo or document, read from r (at most
	// store.MaxFileSize bytes); the program passes the database's
	// store.DB.SaveFile. The file is downloaded on the receive loop
	// before its message is queued, and Input.File or Input.FileRefused
	// set. Nil: files are not downloaded.
	SaveFile func(ctx context.Context, r io.Reader) (store.StoredFile, error)
	// FileTimeout bounds the download of one file (default 30 s); one not
	// downloaded in time is refused as "failed" and its message goes on
	// without it. The receive loop waits meanwhile. It also bounds the
	// upload of a file sent with a reply; one not uploaded in time is
	// tried again.
	FileTimeout time.Duration
	// OpenFile opens a kept file by its name, for a reply that carries
	// one (store.Reply.File: an owner's photo or document passed on to an
	// officer); the program passes the database's store.DB.OpenFile. Nil:
	// files are not sent, the text goes alone.
	OpenFile func(name string) (io.ReadCloser, error)
	// Now is the clock (default time.Now): a pause's start and end, the
	// age of cached lookups.
	Now func() time.Time
	// PauseFor is how long proactive messages (notices, reminders,
	// broadcasts) pause after WhatsApp's reach-out lock (error 463), or
	// after a temporary ban that gives no end (default 24 h).
	PauseFor time.Duration
	// Paused records a pause of the channel's proactive messages (pause.go)
	// and tells the officers, once per pause; the program passes the
	// office's PauseChannel in a transaction. Nil: the pause is recorded
	// with store.DB.SetPause, and no one is told.
	Paused func(ctx context.Context, p store.Pause) error
}

func (c Config) withDefaults() Config {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Limits == (bot.Limits{}) {
		c.Limits = DefaultLimits
	}
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 4096
	}
	if c.SaveWait <= 0 {
		c.SaveWait = 10 * time.Second
	}
	if c.OfflineRetry <= 0 {
		c.OfflineRetry = 15 * time.Second
	}
	if c.StoppedRetry <= 0 {
		c.StoppedRetry = 30 * time.Minute
	}
	if c.ConnectWait <= 0 {
		c.ConnectWait = 10 * time.Second
	}
	if c.Linger <= 0 {
		c.Linger = 15 * time.Second
	}
	if c.IdleOffline <= 0 {
		c.IdleOffline = 30 * time.Second
	}
	if c.FileTimeout <= 0 {
		c.FileTimeout = 30 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.PauseFor <= 0 {
		c.PauseFor = 24 * time.Hour
	}
	return c
}
