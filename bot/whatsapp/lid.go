package whatsapp

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// Owners' chats are addressed by phone number in the store
// ("6281...@s.whatsapp.net"), but WhatsApp now addresses most contacts by
// their LID. The pinned whatsmeow switches a phone-number recipient to
// its LID only once the device store has a LID migration timestamp
// (Store.LIDMigrationTimestamp, learnt from history sync); before that,
// a message to a migrated contact is sent to the phone number, reported
// sent, and never arrives. So the outlet sends to the LID itself: the
// device store's LID map first (Device.LIDs, fed by history sync and by
// every message), then WhatsApp's user info (GetUserInfo, whose answer
// whatsmeow also keeps in the LID map), and the phone number only when
// neither knows a LID. Chat keys stay by phone number.

const (
	// maxLIDCache bounds the numbers whose LID (or its absence) is
	// remembered; the cache is emptied when full.
	maxLIDCache = 10000
	// lidKnownFor is how long a LID found is remembered, noLIDFor how
	// long a number WhatsApp knows no LID for is sent to by number
	// without asking again.
	lidKnownFor = 24 * time.Hour
	noLIDFor    = time.Hour
	// lidTries is the attempt of a row from which a lookup that keeps
	// failing (WhatsApp does not answer) no longer holds it: it goes to
	// the phone number.
	lidTries = 3
)

// lidCache remembers the LIDs of the numbers sent to.
type lidCache struct {
	mu sync.Mutex
	m  map[types.JID]lidEntry // by phone-number JID, without device
}

type lidEntry struct {
	lid types.JID // empty: WhatsApp knew none
	at  time.Time
}

// get returns the LID remembered for pn (empty: none known); ok is false
// when nothing is remembered, or no longer.
func (l *lidCache) get(pn types.JID, now time.Time) (lid types.JID, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[pn]
	if !ok {
		return types.JID{}, false
	}
	ttl := lidKnownFor
	if e.lid.IsEmpty() {
		ttl = noLIDFor
	}
	if now.Sub(e.at) >= ttl || now.Before(e.at) {
		delete(l.m, pn)
		return types.JID{}, false
	}
	return e.lid, true
}

func (l *lidCache) put(pn, lid types.JID, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) >= maxLIDCache {
		l.m = map[types.JID]lidEntry{}
	}
	l.m[pn] = lidEntry{lid: lid, at: now}
}

// recipient is the JID row m is sent to: a phone-number JID becomes the
// contact's LID when one is known; a LID stays. A lookup WhatsApp does
// not answer holds the row (a temporary error) for its first attempts,
// then lets it go to the number.
func (o *Outlet) recipient(ctx context.Context, to types.JID, m store.OutboxMessage) (types.JID, error) {
	if to.Server != types.DefaultUserServer {
		return to, nil
	}
	c := o.c
	now := c.cfg.Now()
	if lid, ok := o.lids.get(to, now); ok {
		if lid.IsEmpty() {
			return to, nil
		}
		return lid, nil
	}
	log := c.log.With("chat", c.pseud.Of(m.Chat), "outbox_id", m.ID)
	if c.lids != nil {
		lid, err := c.lids.GetLIDForPN(ctx, to)
		switch {
		case err != nil:
			log.Warn("LID lookup in the device store failed; asking WhatsApp", "err", err)
		case !lid.IsEmpty():
			lid = lid.ToNonAD()
			o.lids.put(to, lid, now)
			return lid, nil
		}
	}
	info, err := c.cli.GetUserInfo(ctx, []types.JID{to})
	if err != nil {
		if m.Attempts+1 < lidTries {
			return types.JID{}, bot.Temporary(fmt.Errorf("whatsapp: LID lookup: %w", err), 0)
		}
		log.Warn("LID lookup keeps failing; sent to the phone number", "attempt", m.Attempts+1, "err", cleanErr(err))
		return to, nil
	}
	lid := info[to].LID.ToNonAD()
	if lid.Server != types.HiddenUserServer {
		lid = types.JID{}
	}
	o.lids.put(to, lid, now)
	if lid.IsEmpty() {
		log.Debug("WhatsApp knows no LID for the number; sent to the phone number")
		return to, nil
	}
	return lid, nil
}

// sameUser reports whether requester (a LID or phone-number JID, perhaps
// with a device) is the user of chat (a phone-number or LID address):
// the same JID, or the LID and the number of one contact as the outlet
// or the device store's LID map knows them.
func (c *Adapter) sameUser(ctx context.Context, requester types.JID, chat store.ChatKey) bool {
	addr, err := parseAddress(chat.Address)
	if err != nil || requester.User == "" {
		return false
	}
	req := requester.ToNonAD()
	if sameJID(req, addr) {
		return true
	}
	var pn, lid types.JID
	switch {
	case req.Server == types.HiddenUserServer && addr.Server == types.DefaultUserServer:
		lid, pn = req, addr
	case req.Server == types.DefaultUserServer && addr.Server == types.HiddenUserServer:
		lid, pn = addr, req
	default:
		return false
	}
	if known, ok := c.outlet.lids.get(pn, c.cfg.Now()); ok && sameJID(known, lid) {
		return true
	}
	if c.lids == nil {
		return false
	}
	if got, err := c.lids.GetLIDForPN(ctx, pn); err == nil && sameJID(got, lid) {
		return true
	}
	if got, err := c.lids.GetPNForLID(ctx, lid); err == nil && sameJID(got, pn) {
		return true
	}
	return false
}

// sameJID reports whether a and b name the same user, whatever their
// devices.
func sameJID(a, b types.JID) bool { return a.User != "" && a.User == b.User && a.Server == b.Server }
