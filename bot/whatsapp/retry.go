package whatsapp

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// When an owner's phone cannot decrypt a message, it asks for it again
// (a retry receipt). whatsmeow answers from the messages it sent lately,
// kept in memory only; after a restart it asks Client.GetMessageForRetry,
// which Open sets to MessageForRetry: the message is rebuilt from the
// outbox row whose recorded WhatsApp id (Outlet.recordSent) the request
// names.

// retryTimeout bounds the lookup of a message asked for again (not the
// upload of its file, bounded by Config.FileTimeout).
const retryTimeout = 10 * time.Second

// MessageForRetry returns the message with WhatsApp id id that the
// channel sent, rebuilt from its outbox row as it was sent: the row's
// text with its choices as a numbered list, or its file (uploaded again)
// with that text as caption; nil when the id is not a row's (never ours,
// or pruned), or when requester, the user asking (a LID or phone-number
// JID, perhaps with a device), is not the row's chat: a message is
// only ever given to the chat it was sent to. to is the chat whatsmeow
// names (not needed: the row has its own).
//
// A row whose text was too long for a caption went out as two messages;
// only the first, its text, is recorded, so a request for its file after
// a restart goes unanswered. A row whose file could not be uploaded went
// out as text; asked again, it is rebuilt with the file if it can now be
// uploaded, else as the same text.
func (c *Adapter) MessageForRetry(requester, to types.JID, id types.MessageID) *waE2E.Message {
	if c.db == nil || id == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), retryTimeout)
	defer cancel()
	var m store.OutboxMessage
	err := c.db.View(ctx, func(tx *store.ReadTx) (err error) {
		m, err = tx.FindSent(Channel, string(id))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		c.log.Debug("message asked for again is not in the outbox (not ours, or pruned)")
		return nil
	}
	if err != nil {
		c.log.Warn("message asked for again cannot be read", "err", err)
		return nil
	}
	log := c.log.With("chat", c.pseud.Of(m.Chat), "outbox_id", m.ID)
	if !c.sameUser(ctx, requester, m.Chat) {
		log.Warn("message asked for again by another chat: refused")
		return nil
	}
	msg := c.rebuild(context.WithoutCancel(ctx), m)
	if msg == nil {
		log.Info("message asked for again has nothing to send")
		return nil
	}
	log.Info("message asked for again after a restart: sent again from the outbox")
	return msg
}

// rebuild is the message row m was sent as (Outlet.Send), or nil when it
// had none.
func (c *Adapter) rebuild(ctx context.Context, m store.OutboxMessage) *waE2E.Message {
	text := bot.PlainText(m.Reply)
	caption := text
	if strings.TrimSpace(text) == "" {
		caption = ""
	}
	if m.Reply.File != "" && c.cfg.OpenFile != nil && captionLen(caption) <= maxCaption {
		if f := c.outlet.readFile(m); f != nil {
			up, err := c.outlet.upload(ctx, f)
			if err == nil {
				return mediaMessage(f, up, caption)
			}
			c.log.Warn("file asked for again cannot be uploaded; its text goes alone", "chat", c.pseud.Of(m.Chat),
				"outbox_id", m.ID, "err", cleanErr(err))
		}
	}
	if caption == "" {
		return nil
	}
	return &waE2E.Message{Conversation: proto.String(text)}
}
