package whatsapp

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/bot"
)

// submits collects what the adapter hands to the dispatcher.
type submits struct {
	mu  sync.Mutex
	got []bot.Inbound
	ch  chan bot.Inbound
}

func newSubmits() *submits { return &submits{ch: make(chan bot.Inbound, 100)} }

func (s *submits) submit(_ context.Context, in bot.Inbound) error {
	done := in.Done
	in.Done = nil
	s.mu.Lock()
	s.got = append(s.got, in)
	s.mu.Unlock()
	s.ch <- in
	if done != nil {
		done(nil) // saved at once
	}
	return nil
}

func (s *submits) next(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-s.ch:
		return in
	case <-time.After(5 * time.Second):
		t.Fatal("nothing submitted")
	}
	return bot.Inbound{}
}

// run starts the adapter; the returned stop ends Run and waits for it.
func run(t *testing.T, a *Adapter, submit func(context.Context, bot.Inbound) error) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, submit) }()
	t.Cleanup(func() { cancel(); <-done; a.Close() })
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() { cancel(); err = <-done; done <- err })
		return err
	}
}

// eventually waits until cond holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// Private messages are handed to the dispatcher in order, then marked
// read with typing shown; everything else is left alone.
func TestReceive(t *testing.T) {
	fake := newFake(false)
	a := New(fake, nil, fakeLIDs{ownerLID: ownerPN}, Config{Log: quiet()})
	subs := newSubmits()
	run(t, a, subs.submit)
	eventually(t, "connect", fake.IsConnected)

	lidOnly := &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{
		Chat: ownerLID, Sender: ownerLID, AddressingMode: types.AddressingModeLID}, ID: "R3"}, Message: text("3")}
	groupMsg := with(dm("G1", text("halo grup")), func(e *events.Message) { e.Info.Chat, e.Info.IsGroup = group, true })
	for _, evt := range []*events.Message{dm("R1", text("halo")), groupMsg, dm("R2", text("1")), lidOnly} {
		if !fake.emit(evt) {
			t.Fatalf("message %s not taken", evt.Info.ID)
		}
	}
	var ids []string
	for range 3 {
		in := subs.next(t)
		ids = append(ids, in.ID)
		if in.Chat.Address != ownerAddr || in.SenderPhone != "+6281234567890" {
			t.Errorf("%s: chat %q phone %q, want the owner's phone-number JID and number", in.ID, in.Chat.Address, in.SenderPhone)
		}
	}
	if strings.Join(ids, ",") != "R1,R2,R3" {
		t.Errorf("submitted %v, want R1,R2,R3 in order (the group message ignored)", ids)
	}
	eventually(t, "read receipts", func() bool { return len(fake.snapshot().reads) == 3 })
	got := fake.snapshot()
	if !slices.Equal(got.reads, []types.MessageID{"R1", "R2", "R3"}) {
		t.Errorf("marked read %v", got.reads)
	}
	eventually(t, "typing", func() bool { return len(fake.snapshot().chatStates) == 3 })
	if got := fake.snapshot(); got.chatStates[0] != string(types.ChatPresenceComposing) ||
		!slices.Contains(got.presences, types.PresenceAvailable) {
		t.Errorf("chat states %v, presences %v: want composing while online", got.chatStates, got.presences)
	}
}

// The receive loop acknowledges a message only once it is saved, and
// never waits longer than SaveWait: with the dispatcher stuck, a message
// is left unacknowledged (for WhatsApp to deliver again); one that could
// not be saved is too; a saved one is acknowledged.
func TestReceiveAcknowledgesOnlySaved(t *testing.T) {
	fake := newFake(true)
	a := New(fake, nil, nil, Config{Log: quiet(), SaveWait: 200 * time.Millisecond})
	outcome := make(chan error, 3)
	run(t, a, func(ctx context.Context, in bot.Inbound) error {
		go func() {
			if err, ok := <-outcome; ok {
				in.Done(err)
			}
		}()
		return nil
	})
	outcome <- nil
	if !fake.emit(dm("A1", text("saved"))) {
		t.Error("a saved message was left unacknowledged")
	}
	outcome <- bot.ErrNotSaved
	if fake.emit(dm("A2", text("not saved"))) {
		t.Error("a message that could not be saved was acknowledged")
	}
	start := time.Now()
	if fake.emit(dm("A3", text("stuck"))) { // nothing reports it saved
		t.Error("a message never saved was acknowledged")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the receive loop waited %v for a stuck dispatcher", d)
	}
	close(outcome)
}

// After Run's context ends, no message is taken (so none is acknowledged
// and lost); those already taken are still handed on.
func TestShutdownLeavesNewMessagesUnacknowledged(t *testing.T) {
	fake := newFake(true)
	a := New(fake, nil, nil, Config{Log: quiet(), Linger: time.Millisecond})
	subs := newSubmits()
	stop := run(t, a, subs.submit)
	fake.emit(dm("S1", text("halo")))
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(subs.got) != 1 {
		t.Errorf("submitted %d, want the message taken before the stop", len(subs.got))
	}
	if fake.emit(dm("S2", text("late"))) {
		t.Error("a message was taken after the stop")
	}
	eventually(t, "disconnect after the linger", func() bool { return fake.snapshot().disconnected > 0 })
}

// A permanent disconnect stops the channel with one clear error saying
// what to do; Run returns nil and the other channels are not touched.
func TestPermanentDisconnect(t *testing.T) {
	for _, tc := range []struct {
		name string
		evt  any
		want string
	}{
		{"LoggedOut", &events.LoggedOut{Reason: events.ConnectFailureLoggedOut}, "Run `sobat-ikm whatsapp link` again"},
		{"StreamReplaced", &events.StreamReplaced{}, "Stop the other one"},
		{"ClientOutdated", &events.ClientOutdated{}, "Upgrade go.mau.fi/whatsmeow"},
		{"TemporaryBan", &events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: 24 * time.Hour}, "Wait until the ban expires"},
		{"ConnectFailure", &events.ConnectFailure{Reason: events.ConnectFailureBadUserAgent}, "link again if needed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log, buf := newLog(slog.LevelInfo)
			fake := newFake(true)
			a := New(fake, nil, nil, Config{Log: log, Linger: time.Hour})
			a.storeGrace = time.Millisecond
			var closed atomic.Bool
			a.closers = append(a.closers, func() error { closed.Store(true); return nil })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- a.Run(ctx, newSubmits().submit) }()
			fake.emit(tc.evt)
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Run = %v, want nil", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after a permanent disconnect")
			}
			out := buf.String()
			if strings.Count(out, "level=ERROR") != 1 || !strings.Contains(out, tc.want) ||
				!strings.Contains(out, "unsent replies stay queued") {
				t.Errorf("log:\n%s\nwant one error saying %q", out, tc.want)
			}
			if fake.snapshot().disconnected == 0 {
				t.Error("stopped channel did not disconnect at once")
			}
			eventually(t, "the session released", closed.Load)
			if fake.emit(dm("P1", text("halo"))) {
				t.Error("stopped channel still takes messages")
			}
			err := a.Outlet().Send(context.Background(), testRow())
			if !errors.Is(err, ErrStopped) {
				t.Errorf("Send after the stop = %v, want temporary ErrStopped", err)
			}
		})
	}
}

// The device goes online to show typing and offline again when idle, so
// that the office's phone keeps getting notifications.
func TestPresenceGoesOfflineWhenIdle(t *testing.T) {
	fake := newFake(true)
	a := New(fake, nil, nil, Config{Log: quiet(), IdleOffline: 20 * time.Millisecond})
	subs := newSubmits()
	run(t, a, subs.submit)
	fake.emit(dm("I1", text("halo")))
	subs.next(t)
	eventually(t, "offline after idle", func() bool {
		p := fake.snapshot().presences
		return len(p) >= 2 && p[len(p)-1] == types.PresenceUnavailable
	})
	if p := fake.snapshot().presences; !slices.Contains(p, types.PresenceAvailable) {
		t.Errorf("presences %v, want online while typing", p)
	}
}

// A connect failure other than a network error is retried, not fatal.
func TestConnectFailureLogged(t *testing.T) {
	log, buf := newLog(slog.LevelInfo)
	fake := newFake(false)
	fake.connectErr = errors.New("noise handshake failed")
	a := New(fake, nil, nil, Config{Log: log})
	stop := run(t, a, newSubmits().submit)
	eventually(t, "the failure logged", func() bool { return strings.Contains(buf.String(), "retrying") })
	if err := stop(); err != nil {
		t.Errorf("Run = %v", err)
	}
}
