package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/bot"
	"sobat-ikm/bot/bottest"
	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func waChat(n int) store.ChatKey {
	return store.ChatKey{Channel: Channel, Address: fmt.Sprintf("62812000000%02d@s.whatsapp.net", n)}
}

// wrote records that the chat wrote to the office (it has a session).
func wrote(t *testing.T, db *store.DB, chat store.ChatKey, at time.Time) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SaveSession(store.Session{Chat: chat, Language: "id", UpdatedAt: at})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// queue puts replies for the chat in the outbox.
func queue(t *testing.T, db *store.DB, chat store.ChatKey, at time.Time, dedupe string, texts ...string) {
	t.Helper()
	kind := store.KindReply // as the office and the planners queue them: the kind their key names
	for prefix, k := range map[string]store.Kind{"notice:": store.KindNotice, "remind:": store.KindReminder, "broadcast:": store.KindBroadcast} {
		if strings.HasPrefix(dedupe, prefix) {
			kind = k
		}
	}
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, s := range texts {
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Kind: kind, Reply: store.Reply{Text: s}, DedupeKey: dedupe,
				NotBefore: at, CreatedAt: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newSender is the real sender on a frozen clock whose waits move it.
func newSender(db *store.DB, clock *testClock, a *Adapter) *bot.Sender {
	return bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quiet(),
		Sleep: clock.Sleep}, a.Routes()...)
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	n, err := db.Count(context.Background(), table)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// An owner's first message gets the engine's reply as plain text, with
// the choices as a numbered list, and the typing indicator stops.
func TestSendsPlainTextWithNumberedChoices(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	disp := bot.NewDispatcher(db, flows.New(cat), bot.DispatcherConfig{Now: clock.Now, Log: quiet()})
	in, _ := Convert(dm("M1", text("halo")))
	if err := disp.Handle(context.Background(), in.Inbound); err != nil {
		t.Fatal(err)
	}
	disp.Close()
	fake := newFake(true)
	a := New(fake, db, nil, Config{Log: quiet()})
	if n, err := newSender(db, clock, a).Flush(context.Background()); err != nil || n != 1 {
		t.Fatalf("flushed %d, %v; want 1", n, err)
	}
	got := fake.snapshot()
	if len(got.sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(got.sent))
	}
	m := got.sent[0]
	if m.to != ownerPN {
		t.Errorf("sent to %v, want the owner's phone-number JID", m.to)
	}
	if !strings.Contains(m.text, "\n1. Daftar / ubah data usaha\n2. ") {
		t.Errorf("choices are not a numbered list in the text:\n%s", m.text)
	}
	if !strings.HasPrefix(string(m.id), whatsmeow.WebMessageIDPrefix) || len(m.id) != 22 {
		t.Errorf("message id %q does not look like a WhatsApp web id", m.id)
	}
	if len(got.chatStates) != 1 || got.chatStates[0] != string(types.ChatPresencePaused) {
		t.Errorf("chat states %v, want paused after the reply", got.chatStates)
	}
}

// The sender paces WhatsApp with the conservative defaults: one message
// every 2 s per chat and, past a burst of 3, every 2 s overall.
func TestPacing(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	for i := range 3 {
		wrote(t, db, waChat(i), clock.Now())
		queue(t, db, waChat(i), clock.Now(), "", "a", "b", "c")
	}
	fake := newFake(true)
	var at []time.Time
	perChat := map[types.JID][]time.Time{}
	fake.sendErr = func(to types.JID, _ string) error {
		at = append(at, clock.Now())
		perChat[to] = append(perChat[to], clock.Now())
		return nil
	}
	a := New(fake, db, nil, Config{Log: quiet(), Workers: 1})
	if r := a.Routes(); len(r) != 1 || r[0].Limits != DefaultLimits || r[0].Channel != "whatsapp" {
		t.Fatalf("routes %+v", r)
	}
	start := clock.Now()
	sent := bottest.FlushUntil(t, newSender(db, clock, a), clock, 9, 100*time.Millisecond)
	if sent != 9 {
		t.Fatalf("flushed %d; want 9", sent)
	}
	for chat, ts := range perChat {
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < 2*time.Second {
				t.Errorf("chat %s: messages %v apart, want at least 2s", chat.User, gap)
			}
		}
	}
	// Past a burst of 3, the channel sends at most one message per 2 s:
	// messages i..j (more than 3) span at least (j-i-2) * 2 s.
	for i := range at {
		for j := i + 3; j < len(at); j++ {
			if span, want := at[j].Sub(at[i]), time.Duration(j-i-2)*2*time.Second; span < want {
				t.Errorf("messages %d..%d sent within %v, want at least %v", i, j, span, want)
			}
		}
	}
	if total := at[len(at)-1].Sub(start); total < 12*time.Second {
		t.Errorf("9 messages sent within %v, want at least 12s", total)
	}
}

// A server error is retried later, with the same message id; the row is
// sent once.
func TestServerErrorRetried(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	wrote(t, db, waChat(1), clock.Now())
	queue(t, db, waChat(1), clock.Now(), "", "hello")
	fake := newFake(true)
	fails := 1
	fake.sendErr = func(types.JID, string) error {
		if fails > 0 {
			fails--
			return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 500)
		}
		return nil
	}
	s := newSender(db, clock, New(fake, db, nil, Config{Log: quiet()}))
	if n, _ := s.Flush(context.Background()); n != 0 {
		t.Fatalf("sent %d on a server error", n)
	}
	if got := count(t, db, "pending"); got != 1 {
		t.Fatalf("%d pending after a server error, want 1 kept for retry", got)
	}
	clock.Advance(time.Minute)
	if n, err := s.Flush(context.Background()); err != nil || n != 1 {
		t.Fatalf("retry sent %d, %v; want 1", n, err)
	}
	got := fake.snapshot()
	if len(got.attempts) != 2 || got.attempts[0].id != got.attempts[1].id {
		t.Errorf("attempts %+v: want two with the same message id", got.attempts)
	}
}

func TestClassify(t *testing.T) {
	server := func(code int) error { return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, code) }
	for _, tc := range []struct {
		err         error
		retry       bool
		after       time.Duration
		plainOrKind string
	}{
		{server(500), true, 0, "temporary"},
		{server(429), true, 5 * time.Minute, "temporary"},
		{server(463), true, time.Hour, "temporary"}, // the reach-out lock: the row waits
		{server(404), false, 0, "permanent"},
		{fmt.Errorf("send: %w", whatsmeow.ErrMessageTimedOut), true, 0, "temporary"},
		{whatsmeow.ErrNotConnected, true, 0, "temporary"},
		{whatsmeow.ErrRecipientADJID, false, 0, "permanent"},
		{errors.New("something else"), true, 0, "plain"},
	} {
		got := classify(tc.err)
		var se *bot.SendError
		if !errors.As(got, &se) {
			if tc.plainOrKind != "plain" {
				t.Errorf("classify(%v) = %v, want a %s SendError", tc.err, got, tc.plainOrKind)
			}
			continue
		}
		if se.Retry != tc.retry || se.After != tc.after || se.Unreachable {
			t.Errorf("classify(%v) = %+v, want retry %v after %v", tc.err, se, tc.retry, tc.after)
		}
	}
}

// While WhatsApp is disconnected or the channel stopped, Send says
// "temporary": nothing is sent and nothing is lost.
func TestOfflineAndStoppedAreTemporary(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	wrote(t, db, waChat(1), clock.Now())
	fake := newFake(false)
	a := New(fake, db, nil, Config{Log: quiet()})
	m := store.OutboxMessage{ID: 1, Chat: waChat(1), Reply: store.Reply{Text: "x"}, CreatedAt: clock.Now()}
	check := func(want error, after time.Duration) {
		t.Helper()
		err := a.Outlet().Send(context.Background(), m)
		var se *bot.SendError
		if !errors.Is(err, want) || !errors.As(err, &se) || !se.Retry || se.After != after {
			t.Errorf("Send = %v (%+v), want temporary %v after %v", err, se, want, after)
		}
		if a.Outlet().Ready() {
			t.Error("outlet ready while it cannot send")
		}
	}
	check(ErrOffline, 15*time.Second)
	m.Attempts = 3
	check(ErrOffline, 2*time.Minute) // 15 s doubled per attempt
	m.Attempts = 40
	check(ErrOffline, 30*time.Minute)
	fake.setConnected(true)
	if !a.Outlet().Ready() {
		t.Error("outlet not ready while connected")
	}
	fake.emit(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	check(ErrStopped, 30*time.Minute)
	queue(t, db, waChat(1), clock.Now(), "", "kept")
	newSender(db, clock, a).Flush(context.Background())
	if got := count(t, db, "pending"); got != 1 {
		t.Errorf("%d pending after sending on a stopped channel, want the row kept", got)
	}
	if s := fake.sentTexts(); len(s) != 0 {
		t.Errorf("sent %q while offline or stopped", s)
	}
}

// Nothing is sent to a chat that never wrote first; a reminder or a
// broadcast may go to an owner who consented.
func TestOnlyChatsThatWroteFirst(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	stranger, registered, seen := waChat(1), waChat(2), waChat(3)
	wrote(t, db, seen, clock.Now())
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		o := &store.Owner{Name: "Ani", BusinessName: "Abon Ani", Sector: "pangan", Products: "abon", Kecamatan: "Kadia",
			Address: "Jl. A", Phone: "+6281200000002", Language: "id", ConsentVersion: "v1", ConsentAt: clock.Now(),
			ConsentChannel: "console"}
		if err := tx.CreateOwner(o, registered, clock.Now()); err != nil {
			return err
		}
		return tx.DeleteSession(registered) // an owner whose chat left no session
	})
	if err != nil {
		t.Fatal(err)
	}
	queue(t, db, stranger, clock.Now(), "", "cold message")
	queue(t, db, stranger, clock.Now(), "remind:training:1:h-1", "cold reminder")
	queue(t, db, registered, clock.Now(), "", "plain message to a silent owner")
	queue(t, db, registered, clock.Now(), "remind:training:1:owner:1:h-1", "reminder to a consenting owner")
	queue(t, db, registered, clock.Now(), "notice:audit:1", "notice to a consenting owner")
	queue(t, db, stranger, clock.Now(), "notice:audit:2", "cold notice")
	queue(t, db, seen, clock.Now(), "", "reply")
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		for _, m := range []store.OutboxMessage{
			{Chat: registered, Kind: store.KindBroadcast, Reply: store.Reply{Text: "broadcast to a consenting owner"}},
			{Chat: registered, Kind: store.KindNotice, Reply: store.Reply{Text: "notice to a silent owner"}},
			{Chat: stranger, Kind: store.KindBroadcast, Reply: store.Reply{Text: "cold broadcast"}},
		} {
			m.NotBefore, m.CreatedAt = clock.Now(), clock.Now()
			if _, err := tx.Enqueue(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fake := newFake(true)
	s := newSender(db, clock, New(fake, db, nil, Config{Log: quiet()}))
	bottest.FlushUntil(t, s, clock, 5, time.Second)
	// Chats are sent to in parallel, each at its own pace: give the
	// refused rows time to be tried too.
	bottest.FlushUntil(t, s, clock, 1, time.Second)
	got := fake.sentTexts()
	slices.Sort(got) // chats are sent to in parallel
	want := []string{"broadcast to a consenting owner", "notice to a consenting owner", "notice to a silent owner",
		"reminder to a consenting owner", "reply"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sent %q, want %q", got, want)
	}
	if p := count(t, db, "pending"); p != 0 {
		t.Errorf("%d pending: refused rows must fail for good, not be retried", p)
	}
}

// Rows left pending while WhatsApp was down are delivered, in order, after
// a restart on the same database.
func TestRestartDeliversPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	ctx := context.Background()
	clock := newClock()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	wrote(t, db, waChat(1), clock.Now())
	queue(t, db, waChat(1), clock.Now(), "", "one", "two")
	down := newFake(false)
	newSender(db, clock, New(down, db, nil, Config{Log: quiet()})).Flush(ctx)
	if p := count(t, db, "pending"); p != 2 {
		t.Fatalf("%d pending while offline, want 2", p)
	}
	db.Close()

	clock.Advance(time.Minute)
	db = openDB(t, path)
	up := newFake(true)
	sent := bottest.FlushUntil(t, newSender(db, clock, New(up, db, nil, Config{Log: quiet()})), clock, 2, time.Second)
	if sent != 2 {
		t.Fatalf("after restart sent %d; want 2", sent)
	}
	if got := up.sentTexts(); strings.Join(got, ",") != "one,two" {
		t.Errorf("sent %q, want one then two", got)
	}
}
