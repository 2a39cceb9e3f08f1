package office

import (
	"fmt"
	"time"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// notice is a message the office sends an owner because something about
// them changed. It carries no choices, save the answers to a question the
// owner's chat was moved to (Reply.Step names it): the owner's
// conversation is not the caller's.
type notice struct {
	owner   store.Owner
	message string // message id in locales
	data    map[string]any
	// render, when set, writes the notice in a language instead of
	// message and data.
	render func(lang string) string
	at     time.Time
	// entry is the audit entry of the change; the notice's dedupe key
	// "notice:audit:<id>" ties it to that change (and its "notice:"
	// prefix lets it reach a consenting owner's WhatsApp chat that has no
	// session left: bot/whatsapp).
	entry int64
	// key, when set, is the dedupe key instead of the audit entry's (it
	// must start with "notice:").
	key     string
	choices []store.Choice
	step    string
}

// notify renders n in the owner's language and queues it in tx to the
// chat the owner wrote from last. It returns that chat, and false when
// the owner has no chat (nothing is queued).
//
// Every notice of the office is queued here, as a notice (after the
// replies of its channel) linked to the owner it concerns (erased with
// the owner).
func (o *Office) notify(tx *store.Tx, n notice) (store.ChatKey, bool, error) {
	chat, ok, err := o.NoticeChat(tx, n.owner.ID)
	if err != nil || !ok {
		return store.ChatKey{}, false, err
	}
	lang := n.owner.Language
	if !o.cat.Supported(lang) {
		lang = locales.Default
	}
	key := n.key
	if key == "" {
		key = fmt.Sprintf("notice:audit:%d", n.entry)
	}
	_, err = tx.Enqueue(store.OutboxMessage{
		Chat:      chat,
		Kind:      store.KindNotice,
		OwnerID:   n.owner.ID,
		Reply:     store.Reply{Text: n.text(o.cat, lang), Choices: n.choices, Step: n.step},
		DedupeKey: key,
		NotBefore: n.at,
		CreatedAt: n.at,
	})
	if err != nil {
		return store.ChatKey{}, false, fmt.Errorf("office: notify owner %d: %w", n.owner.ID, err)
	}
	return chat, true, nil
}

// WhatsAppWindow is how long after an owner last wrote on WhatsApp the
// office still writes to them there unasked (notices, reminders,
// broadcasts): WhatsApp locks linked devices that reach out to "cold"
// contacts (error 463). Past it, another channel of theirs is used, or
// none.
const WhatsAppWindow = 28 * 24 * time.Hour

// inWindow reports whether the office may write to chat unasked, its
// owner having last written from it at seen.
func (o *Office) inWindow(chat store.ChatKey, seen time.Time) bool {
	return chat.Channel != "whatsapp" || o.whatsAppWindow <= 0 || o.now().Sub(seen) <= o.whatsAppWindow
}

// NoticeChat is the chat a notice to the owner goes to: the one the owner
// wrote from last, unless it is WhatsApp outside the window (then their
// other channel's chat seen last). ok is false when there is none.
func (o *Office) NoticeChat(tx store.Reader, ownerID int64) (chat store.ChatKey, ok bool, err error) {
	cs, err := tx.FindContactsByOwner(ownerID)
	if err != nil {
		return store.ChatKey{}, false, fmt.Errorf("office: %w", err)
	}
	for _, c := range cs { // (seen last first)
		if o.inWindow(c.Chat, c.LastSeenAt) {
			return c.Chat, true, nil
		}
	}
	return store.ChatKey{}, false, nil
}

// text is the notice in lang.
func (n notice) text(cat *locales.Catalog, lang string) string {
	if n.render != nil {
		return n.render(lang)
	}
	return cat.Text(lang, n.message, n.data)
}
