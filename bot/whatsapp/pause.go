package whatsapp

import (
	"context"
	"strconv"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// WhatsApp limits a number that writes first too much: error 463 on a
// send (its reach-out lock), or a temporary ban at connect. Either pauses
// every proactive message of the channel (notices, reminders,
// broadcasts: the sender then sends replies only, bot/sender.go) until
// WhatsApp's end for it, or for Config.PauseFor when it gives none, and
// the officers are told once per pause (Config.Paused). The row that hit
// the lock stays pending. A temporary ban also stops the channel, as any
// permanent disconnect does (events.go).

const (
	// reachoutCode is WhatsApp's error for a message refused by the
	// reach-out lock.
	reachoutCode = 463
	// reachoutRetry is the wait of a notice, reminder or broadcast that
	// hit the lock (the sender holds it anyway while the pause lasts; a
	// pause lifted early lets it go within this wait); reachoutReplyRetry
	// that of a reply, which the pause does not hold.
	reachoutRetry      = time.Hour
	reachoutReplyRetry = 15 * time.Minute
	// pauseTimeout bounds the recording of a pause.
	pauseTimeout = 10 * time.Second
)

// reachoutLocked pauses the channel's proactive messages after row m hit
// WhatsApp's reach-out lock, and keeps the row pending.
func (c *Adapter) reachoutLocked(ctx context.Context, m store.OutboxMessage, err error) error {
	now := c.cfg.Now()
	p := store.Pause{Channel: Channel, Until: now.Add(c.cfg.PauseFor), Reason: store.PauseReachout, Since: now}
	c.log.Warn("WhatsApp refused a message with its reach-out lock (463): proactive messages pause, replies go on",
		"chat", c.pseud.Of(m.Chat), "outbox_id", m.ID, "kind", m.Kind, "until", p.Until)
	c.pause(ctx, p)
	wait := reachoutReplyRetry
	if isOwnerNotice(m) {
		wait = min(reachoutRetry, c.cfg.PauseFor)
	}
	return bot.Temporary(err, wait)
}

// banned pauses the channel's proactive messages for a temporary ban,
// until it expires.
func (c *Adapter) banned(tb *events.TemporaryBan) {
	now := c.cfg.Now()
	until := now.Add(c.cfg.PauseFor)
	if tb.Expire > 0 {
		until = now.Add(tb.Expire)
	}
	c.pause(context.Background(), store.Pause{Channel: Channel, Until: until,
		Reason: store.PauseTempBanPrefix + strconv.Itoa(int(tb.Code)), Since: now})
}

// pause records a pause through Config.Paused, or in the database when
// it is not set. A failure is logged: the row that hit the lock waits
// anyway, but the other proactive messages are not held.
func (c *Adapter) pause(ctx context.Context, p store.Pause) {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pauseTimeout)
	defer cancel()
	var err error
	switch {
	case c.cfg.Paused != nil:
		err = c.cfg.Paused(pctx, p)
	case c.db != nil:
		err = c.db.SetPause(pctx, p)
	default:
		return
	}
	if err != nil {
		c.log.Error("WhatsApp pause not recorded: notices, reminders and broadcasts are not held", "reason", p.Reason, "err", err)
	}
}
