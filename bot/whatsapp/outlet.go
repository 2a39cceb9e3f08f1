package whatsapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// Outlet delivers outbox rows of the whatsapp channel (bot.Outlet).
type Outlet struct {
	c *Adapter

	mu    sync.Mutex
	wrote map[store.ChatKey]bool // chats known to have written first
	// texted holds the rows whose text went out ahead of their file, so
	// that a retry sends only the file.
	texted map[int64]bool
	// lids remembers the LIDs of the numbers sent to (lid.go).
	lids lidCache
}

// maxWroteCache bounds the memory of chats known to have written.
const maxWroteCache = 10000

// recordTimeout bounds the recording of a sent message's id.
const recordTimeout = 5 * time.Second

// Ready reports whether a message could be sent now: the channel runs and
// is connected. A sender may skip the route while it is not ready.
func (o *Outlet) Ready() bool {
	return !o.c.stopped.Load() && o.c.cli.IsConnected() && o.c.cli.IsLoggedIn()
}

// Send sends one reply as plain text, its choices as a numbered list
// (WhatsApp buttons do not work for linked devices), and its file, if
// any, as a photo or document with the text as caption (outfile.go); to
// the chat's LID when one is known (lid.go). Nothing is sent to a chat
// that never wrote to the office. While WhatsApp is unreachable or the
// channel has stopped it returns a temporary error, so the row waits.
// The row's WhatsApp message id is recorded as it goes, for receipts and
// for a retry request after a restart (retry.go).
func (o *Outlet) Send(ctx context.Context, m store.OutboxMessage) error {
	c := o.c
	if c.stopped.Load() {
		return bot.Temporary(ErrStopped, c.cfg.StoppedRetry)
	}
	if !c.cli.IsConnected() || !c.cli.IsLoggedIn() {
		return bot.Temporary(ErrOffline, min(c.cfg.OfflineRetry<<min(m.Attempts, 16), c.cfg.StoppedRetry))
	}
	to, err := parseAddress(m.Chat.Address)
	if err != nil {
		return bot.Permanent(err)
	}
	if err := o.mayMessage(ctx, m); err != nil {
		return err
	}
	text := bot.PlainText(m.Reply)
	var file *outFile
	if m.Reply.File != "" && c.cfg.OpenFile != nil {
		file = o.readFile(m)
	}
	switch {
	case file != nil:
	case o.textSent(m.ID): // went ahead of a file since erased (its id recorded then)
		o.setTextSent(m.ID, false)
		return nil
	case strings.TrimSpace(text) == "":
		return nil
	}
	if to, err = o.recipient(ctx, to, m); err != nil {
		return err
	}
	// The id is recorded before the send, not after: a receipt may come
	// back before a write after it would land. (It is the row's first
	// message's id whatever goes out: messageID.)
	o.recordSent(ctx, m, messageID(m))
	if file != nil {
		_, err = o.sendWithFile(ctx, to, m, text, file)
	} else {
		_, err = o.sendText(ctx, to, m, text)
	}
	if err != nil {
		return err
	}
	c.pres.sent(ctx, to, c.pseud.Of(m.Chat))
	return nil
}

// sendText sends row m's text, with the row's message id, and returns
// that id.
func (o *Outlet) sendText(ctx context.Context, to types.JID, m store.OutboxMessage, text string) (types.MessageID, error) {
	id := messageID(m)
	_, err := o.c.cli.SendMessage(ctx, to, &waE2E.Message{Conversation: proto.String(text)},
		whatsmeow.SendRequestExtra{ID: id})
	if err != nil {
		return "", o.sendFailed(ctx, m, err)
	}
	return id, nil
}

// sendFailed says what the sender should do about row m's failed
// SendMessage; WhatsApp's reach-out lock also pauses the channel's
// proactive messages (pause.go).
func (o *Outlet) sendFailed(ctx context.Context, m store.OutboxMessage, err error) error {
	if errors.Is(err, whatsmeow.ErrServerReturnedError) && serverCode(err) == reachoutCode {
		return o.c.reachoutLocked(ctx, m, err)
	}
	return classify(err)
}

// recordSent records the WhatsApp id of row m's message (its text, or
// its file with the text as caption), before it goes: receipts name it,
// and so does a retry request. A failure is logged only: the message
// goes anyway, and holding it for the record would hold the owner's
// reply.
func (o *Outlet) recordSent(ctx context.Context, m store.OutboxMessage, id types.MessageID) {
	c := o.c
	if c.db == nil || id == "" {
		return
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := c.db.SetPlatformID(rctx, m.ID, string(id)); err != nil {
		c.log.Warn("message id not recorded: its receipts, and a retry request after a restart, go unanswered",
			"chat", c.pseud.Of(m.Chat), "outbox_id", m.ID, "err", err)
	}
}

// mayMessage applies the rule that keeps the number from being banned:
// only chats that wrote to the office first are messaged. Notices,
// reminders and broadcasts (by their kind) may also go to an owner who
// consented, linked to this chat; whoever queues broadcasts must leave
// out owners who opted out.
func (o *Outlet) mayMessage(ctx context.Context, m store.OutboxMessage) error {
	o.mu.Lock()
	known := o.wrote[m.Chat]
	o.mu.Unlock()
	if known {
		return nil
	}
	var wrote, consented bool
	err := o.c.db.View(ctx, func(tx *store.ReadTx) error {
		var err error
		if wrote, err = tx.ChatHasWritten(m.Chat); err != nil || wrote || !isOwnerNotice(m) {
			return err
		}
		consented, err = ownerConsented(tx, m.Chat)
		return err
	})
	if err != nil {
		return fmt.Errorf("whatsapp: %w", err)
	}
	if consented {
		return nil // this row only: the chat's other rows still need it to have written
	}
	if !wrote {
		return bot.Permanent(ErrNeverWrote)
	}
	o.mu.Lock()
	if len(o.wrote) >= maxWroteCache {
		clear(o.wrote)
	}
	o.wrote[m.Chat] = true
	o.mu.Unlock()
	return nil
}

// isOwnerNotice reports whether a row is a notice (an officer's change:
// flows/office), a reminder or a broadcast: its kind, set by whoever
// queued it (rows queued before kinds existed got theirs from their
// dedupe key in migration 006).
func isOwnerNotice(m store.OutboxMessage) bool {
	switch m.Kind {
	case store.KindNotice, store.KindReminder, store.KindBroadcast:
		return true
	}
	return false
}

// ownerConsented reports whether the chat belongs to an owner who gave
// consent.
func ownerConsented(tx store.Reader, chat store.ChatKey) (bool, error) {
	owner, err := tx.FindOwnerByChat(chat)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return owner.ConsentVersion != "" && !owner.ConsentAt.IsZero(), nil
}

// parseAddress reads a chat address: a user JID, phone number or LID,
// without device.
func parseAddress(addr string) (types.JID, error) {
	j, err := types.ParseJID(addr)
	if err != nil || j.User == "" || j.Device != 0 ||
		(j.Server != types.DefaultUserServer && j.Server != types.HiddenUserServer) {
		return types.JID{}, ErrBadAddress
	}
	return j, nil
}

// messageID is the WhatsApp id of an outbox row: the same on every
// attempt, so that a retry after a lost acknowledgement does not show
// the owner the message twice.
func messageID(m store.OutboxMessage) types.MessageID {
	sum := sha256.Sum256([]byte("sobat-ikm/outbox/" + strconv.FormatInt(m.ID, 10) + "/" +
		strconv.FormatInt(m.CreatedAt.UnixNano(), 10)))
	return whatsmeow.WebMessageIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9]))
}
