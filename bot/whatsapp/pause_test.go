package whatsapp

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/bot/bottest"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

var (
	tgOfficer = store.ChatKey{Channel: "telegram", Address: "1001"}
	waOfficer = waChat(9)
)

// pauseRig is the adapter on a fake client with the office's pause wired
// in as the program wires it (cmd/sobat-ikm), two officers configured:
// one on Telegram, one on WhatsApp (who wrote to the office).
type pauseRig struct {
	db    *store.DB
	clock *testClock
	fake  *fakeClient
	a     *Adapter
	logs  *logBuffer
}

func newPauseRig(t *testing.T, db *store.DB, clock *testClock) *pauseRig {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	off := office.New(cat, clock.Now, office.WithStaff([]office.Officer{{Name: "Rina", Chat: tgOfficer}, {Name: "Budi", Chat: waOfficer}}))
	log, logs := newLog(slog.LevelDebug)
	r := &pauseRig{db: db, clock: clock, fake: newFake(true), logs: logs}
	r.a = New(r.fake, db, nil, Config{Log: log, Now: clock.Now, Paused: func(ctx context.Context, p store.Pause) error {
		return db.Update(ctx, func(tx *store.Tx) error {
			_, err := off.PauseChannel(tx, p)
			return err
		})
	}})
	return r
}

// pauseOf is the channel's pause in effect now.
func pauseOf(t *testing.T, db *store.DB, now time.Time) (store.Pause, bool) {
	t.Helper()
	var p store.Pause
	var ok bool
	err := db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		p, ok, err = tx.PauseOf(Channel, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, ok
}

// officerRows are the rows queued for the Telegram officer.
func officerRows(t *testing.T, db *store.DB, now time.Time) []store.OutboxMessage {
	t.Helper()
	var rows []store.OutboxMessage
	err := db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.DueOutbox("telegram", tgOfficer.Address, now, 100)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// WhatsApp's reach-out lock (463) on two notices pauses the channel's
// proactive messages for 24 h: the notices stay pending, a reminder
// queued meanwhile waits, a reply still goes; the officers are told once
// (the one on WhatsApp too: that message is a reply). Once the pause is
// over, what waited goes.
func TestReachoutLockPausesProactive(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	start := clock.Now()
	for _, chat := range []store.ChatKey{waChat(1), waChat(2), waChat(3), waOfficer} {
		wrote(t, db, chat, clock.Now())
	}
	r := newPauseRig(t, db, clock)
	var locked atomic.Bool
	locked.Store(true)
	var locks atomic.Int32
	r.fake.sendErr = func(_ types.JID, text string) error {
		if locked.Load() && strings.HasPrefix(text, "notice") {
			locks.Add(1)
			return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463)
		}
		return nil
	}
	s := newSender(db, clock, r.a)
	queue(t, db, waChat(1), clock.Now(), "notice:1", "notice one")
	queue(t, db, waChat(2), clock.Now(), "notice:2", "notice two")
	for i := 0; locks.Load() < 2 && i < 20; i++ {
		if _, err := s.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
	}
	if n := locks.Load(); n != 2 {
		t.Fatalf("%d sends hit the lock, want both notices", n)
	}
	p, ok := pauseOf(t, db, clock.Now())
	// (The second 463, a moment later, extended it by that moment.)
	if d := p.Until.Sub(p.Since); !ok || p.Reason != store.PauseReachout || p.Since.Sub(start) > time.Minute || d < 24*time.Hour || d > 24*time.Hour+time.Minute {
		t.Fatalf("pause %+v %v: want the reach-out lock for 24 h from its start", p, ok)
	}
	if rows := officerRows(t, db, clock.Now()); len(rows) != 1 || rows[0].Kind != store.KindReply ||
		!strings.Contains(rows[0].Reply.Text, "463") || !strings.Contains(rows[0].Reply.Text, office.ShowTime(p.Until)+" WITA") {
		t.Fatalf("Telegram officer's rows %+v: want one message about the pause, as a reply", rows)
	}

	queue(t, db, waChat(3), clock.Now(), "remind:training:1:h-1", "reminder three")
	queue(t, db, waChat(3), clock.Now(), "", "reply three")
	for range 120 { // two hours go by
		if _, err := s.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	got := r.fake.sentTexts()
	var toOfficer int
	for _, m := range r.fake.snapshot().sent {
		if m.to == ownerPNOf(waOfficer) {
			toOfficer++
		}
	}
	if !slices.Contains(got, "reply three") || toOfficer != 1 {
		t.Errorf("sent %q (%d to the WhatsApp officer): want the reply and the officer's message once", got, toOfficer)
	}
	for _, held := range []string{"notice one", "notice two", "reminder three"} {
		if slices.Contains(got, held) {
			t.Errorf("%q sent during the pause", held)
		}
	}
	if n := count(t, db, "pending"); n < 3 {
		t.Errorf("%d pending during the pause, want the notices and the reminder kept", n)
	}
	if rows := officerRows(t, db, clock.Now()); len(rows) != 1 {
		t.Errorf("Telegram officer told %d times, want once", len(rows))
	}
	if !strings.Contains(r.logs.String(), "reach-out lock") || strings.Contains(r.logs.String(), "6281200000001") {
		t.Error("the lock is not logged, or a number is logged in clear")
	}

	locked.Store(false)
	clock.Advance(23 * time.Hour)
	bottest.FlushUntil(t, s, clock, 3, time.Minute)
	got = r.fake.sentTexts()
	for _, held := range []string{"notice one", "notice two", "reminder three"} {
		if !slices.Contains(got, held) {
			t.Errorf("%q not sent once the pause ended; sent %q", held, got)
		}
	}
}

// A temporary ban stops the channel as before (the advice logged) and
// also pauses proactive messages until the ban expires, the officers told;
// a ban that gives no end pauses them for 24 h.
func TestTemporaryBanPauses(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	r := newPauseRig(t, db, clock)
	r.fake.emit(&events.TemporaryBan{Code: events.TempBanBlockedByUsers, Expire: 3 * time.Hour})
	select {
	case <-r.a.Stopped():
	default:
		t.Fatal("channel not stopped by the ban")
	}
	if !strings.Contains(r.logs.String(), "temporarily banned") {
		t.Error("the ban's advice is not logged")
	}
	p, ok := pauseOf(t, db, clock.Now())
	if !ok || p.Reason != "temporary_ban:102" || !p.Until.Equal(clock.Now().Add(3*time.Hour)) {
		t.Fatalf("pause %+v %v: want the ban's, until it expires", p, ok)
	}
	rows := officerRows(t, db, clock.Now())
	if len(rows) != 1 || !strings.Contains(rows[0].Reply.Text, "kode 102") ||
		!strings.Contains(rows[0].Reply.Text, office.ShowTime(p.Until)+" WITA") {
		t.Fatalf("officer's rows %+v: want one message about the ban", rows)
	}

	// Restarted after it expired, and banned again without an end.
	clock.Advance(4 * time.Hour)
	again := newPauseRig(t, db, clock)
	again.fake.emit(&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople})
	if p, ok := pauseOf(t, db, clock.Now()); !ok || p.Reason != "temporary_ban:101" || !p.Until.Equal(clock.Now().Add(24*time.Hour)) {
		t.Errorf("pause %+v %v: want 24 h for a ban without end", p, ok)
	}
	// (The first ban's message expired with it.)
	if rows := officerRows(t, db, clock.Now()); len(rows) != 1 || !strings.Contains(rows[0].Reply.Text, "kode 101") {
		t.Errorf("officer's rows %+v: want one message about the second ban", rows)
	}
}
