package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// realLIDs is the LID map of a real device store (sqlstore) whose device
// has no LID migration timestamp: the case where the pinned whatsmeow
// itself would send to the phone number.
func realLIDs(t *testing.T, mappings map[types.JID]types.JID) LIDMap {
	t.Helper()
	ctx := context.Background()
	c, err := OpenStore(ctx, filepath.Join(t.TempDir(), "whatsapp.db"), quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if dev := c.NewDevice(); dev.LIDMigrationTimestamp != 0 {
		t.Fatalf("new device's LID migration timestamp %d, want 0", dev.LIDMigrationTimestamp)
	}
	// (A linked device's LIDs is the container's LID map.)
	for lid, pn := range mappings {
		if err := c.LIDMap.PutLIDMapping(ctx, lid, pn); err != nil {
			t.Fatal(err)
		}
	}
	return c.LIDMap
}

func lidOf(n int) types.JID {
	return types.NewJID(fmt.Sprintf("9990000000%02d", n), types.HiddenUserServer)
}

// A reply to a number whose LID the device store knows goes to the LID,
// although the device has no LID migration timestamp; one the store does
// not know but WhatsApp's user info does goes to that LID (asked once);
// one neither knows goes to the phone number. Chat keys stay by number.
func TestSendsToLID(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	known, asked, unknown := waChat(1), waChat(2), waChat(3)
	for _, chat := range []store.ChatKey{known, asked, unknown} {
		wrote(t, db, chat, clock.Now())
	}
	fake := newFake(true)
	fake.userLIDs = map[types.JID]types.JID{ownerPNOf(asked): lidOf(2)}
	lids := realLIDs(t, map[types.JID]types.JID{lidOf(1): ownerPNOf(known)})
	a := New(fake, db, lids, Config{Log: quiet(), Now: clock.Now})
	send := func(chat store.ChatKey, id int64) types.JID {
		t.Helper()
		before := len(fake.snapshot().sent)
		m := store.OutboxMessage{ID: id, Chat: chat, Reply: store.Reply{Text: "halo"}, CreatedAt: clock.Now()}
		if err := a.Outlet().Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		sent := fake.snapshot().sent
		if len(sent) != before+1 {
			t.Fatalf("sent %d messages, want 1", len(sent)-before)
		}
		return sent[len(sent)-1].to
	}
	if to := send(known, 1); to != lidOf(1) {
		t.Errorf("known LID: sent to %v, want %v", to, lidOf(1))
	}
	if n := fake.asked(); n != 0 {
		t.Errorf("asked WhatsApp about %d users for a LID the store knows", n)
	}
	if to := send(asked, 2); to != lidOf(2) {
		t.Errorf("LID from user info: sent to %v, want %v", to, lidOf(2))
	}
	if to := send(unknown, 3); to != ownerPNOf(unknown) {
		t.Errorf("no LID known: sent to %v, want the phone number", to)
	}
	if n := fake.asked(); n != 2 {
		t.Errorf("asked WhatsApp about %d users, want 2", n)
	}
	// Remembered: no more questions, for a LID found nor for none.
	send(asked, 4)
	send(unknown, 5)
	if n := fake.asked(); n != 2 {
		t.Errorf("asked WhatsApp about %d users after sending again, want still 2", n)
	}
	// A number without LID is asked about again after a while.
	clock.Advance(noLIDFor)
	send(unknown, 6)
	if n := fake.asked(); n != 3 {
		t.Errorf("asked WhatsApp about %d users an hour on, want 3", n)
	}
	// A LID address stays as it is.
	lidChat := store.ChatKey{Channel: Channel, Address: lidOf(7).String()}
	wrote(t, db, lidChat, clock.Now())
	if to := send(lidChat, 7); to != lidOf(7) {
		t.Errorf("LID chat: sent to %v", to)
	}
}

// When WhatsApp does not answer the user info query, the row waits its
// first attempts (a temporary error), then goes to the phone number.
func TestLIDLookupFailure(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	wrote(t, db, waChat(1), clock.Now())
	fake := newFake(true)
	fake.userInfoErr = errors.New("usync: info query timed out")
	a := New(fake, db, nil, Config{Log: quiet(), Now: clock.Now})
	m := store.OutboxMessage{ID: 1, Chat: waChat(1), Reply: store.Reply{Text: "halo"}, CreatedAt: clock.Now()}
	for ; m.Attempts < lidTries-1; m.Attempts++ {
		err := a.Outlet().Send(context.Background(), m)
		var se *bot.SendError
		if !errors.As(err, &se) || !se.Retry {
			t.Fatalf("attempt %d: Send = %v, want temporary", m.Attempts+1, err)
		}
	}
	if s := fake.snapshot().sent; len(s) != 0 {
		t.Fatalf("sent %d messages while the lookup failed", len(s))
	}
	if err := a.Outlet().Send(context.Background(), m); err != nil {
		t.Fatalf("attempt %d: Send = %v, want sent to the number", m.Attempts+1, err)
	}
	if s := fake.snapshot().sent; len(s) != 1 || s[0].to != ownerPNOf(waChat(1)) {
		t.Errorf("sent %+v, want one message to the phone number", s)
	}
}

// The LID cache is bounded: full, it starts over.
func TestLIDCacheBounded(t *testing.T) {
	var l lidCache
	now := time.Now()
	for i := range maxLIDCache + 1 {
		l.put(types.NewJID(fmt.Sprint(6281000000000+i), types.DefaultUserServer), lidOf(1), now)
	}
	if n := len(l.m); n > maxLIDCache {
		t.Errorf("%d entries, want at most %d", n, maxLIDCache)
	}
}
