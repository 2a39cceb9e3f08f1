package office

import (
	"fmt"
	"strings"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// PauseChannel pauses a channel's proactive messages (notices, reminders,
// broadcasts: the sender then sends replies only) in tx, and tells every
// configured officer, once per pause: started is true only when no pause
// was in effect before, and only then are the officers told. A pause in
// effect is extended, never shortened (store.Tx.SetPause). p.Since is
// now when zero.
func (o *Office) PauseChannel(tx *store.Tx, p store.Pause) (started bool, err error) {
	now := o.now()
	if p.Since.IsZero() {
		p.Since = now
	}
	already, err := tx.SetPause(p)
	if err != nil {
		return false, fmt.Errorf("office: pause %s: %w", p.Channel, err)
	}
	if already {
		return false, nil
	}
	text := o.pauseText(p)
	for _, off := range o.staff {
		if off.Chat.Channel == "" {
			continue
		}
		// Queued as a reply, not a notice: a paused channel holds its
		// notices, reminders and broadcasts, and this message, to an
		// officer who may be on that very channel, must not wait behind
		// the pause it tells of (nor behind the quiet hours). It is of no
		// use once the pause is over.
		m := store.OutboxMessage{Chat: off.Chat, Kind: store.KindReply, Reply: store.Reply{Text: text},
			DedupeKey: fmt.Sprintf("pause:%s:%d:%s", p.Channel, p.Since.UnixMilli(), off.Name),
			NotBefore: now, CreatedAt: now, ExpiresAt: p.Until}
		if _, err := tx.Enqueue(m); err != nil {
			return false, fmt.Errorf("office: tell %s of the pause: %w", off.Name, err)
		}
	}
	return true, nil
}

// pauseText is the officers' message about a pause, in the office's
// language: why, until when (WITA), what still goes and what to do.
func (o *Office) pauseText(p store.Pause) string {
	until := o.cat.Text(locales.Default, "channel_pause_until_unknown", nil)
	if !p.Until.IsZero() {
		until = ShowTime(p.Until) + " WITA"
	}
	switch {
	case p.Reason == store.PauseReachout:
		return o.cat.Text(locales.Default, "channel_pause_reachout_officer", map[string]any{"Until": until})
	case strings.HasPrefix(p.Reason, store.PauseTempBanPrefix):
		code := strings.TrimPrefix(p.Reason, store.PauseTempBanPrefix)
		why := "channel_pause_ban_why_" + code
		if !o.cat.Has(locales.Default, why) {
			why = "channel_pause_ban_why_other"
		}
		return o.cat.Text(locales.Default, "channel_pause_ban_officer", map[string]any{"Until": until, "Code": code,
			"Why": o.cat.Text(locales.Default, why, nil)})
	}
	return o.cat.Text(locales.Default, "channel_pause_officer", map[string]any{"Channel": p.Channel, "Until": until, "Reason": p.Reason})
}
