package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sobat-ikm/bot"
)

// submitted records what the adapter submits.
type submitted struct {
	mu   sync.Mutex
	got  []bot.Inbound
	wait time.Duration // each submit takes this long
	err  error
}

func (s *submitted) submit(ctx context.Context, in bot.Inbound) error {
	if s.wait > 0 {
		time.Sleep(s.wait)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	done := in.Done
	in.Done = nil
	s.got = append(s.got, in)
	if done != nil {
		done(nil) // saved at once
	}
	return nil
}

func (s *submitted) ids() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, in := range s.got {
		out = append(out, in.ID)
	}
	return out
}

func textUpdate(updateID int64, chat int64, msgID int, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"A"},"chat":{"id":%d,"type":"private"},"date":1764000000,"text":%q}}`,
		updateID, msgID, chat, chat, text)
}

// runAdapter runs the adapter until the returned stop is called; stop
// waits for Run to return and reports its error.
func runAdapter(t *testing.T, a *Adapter, submit func(context.Context, bot.Inbound) error) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, submit) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return within 10s of shutdown")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

// Polled updates are submitted one at a time, in the order Telegram sent
// them; ignored kinds neither block nor reach the dispatcher; a pressed
// button is answered.
func TestPollInOrder(t *testing.T) {
	f := newFakeAPI(t)
	_, edited := readUpdate(t, "edited_message.json")
	_, post := readUpdate(t, "channel_post.json")
	_, cb := readUpdate(t, "callback.json")
	f.queueUpdates(textUpdate(1, 777, 1, "a1"), textUpdate(2, 888, 1, "b1"), string(edited), textUpdate(3, 777, 2, "a2"))
	f.queueUpdates(string(post), string(cb), textUpdate(1011, 888, 2, "b2"))
	a := newTestAdapter(t, f, Config{})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "5 submits", func() bool { return len(s.ids()) == 5 })
	waitFor(t, 5*time.Second, "the callback answer", func() bool { return len(f.sent("answerCallbackQuery")) == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	want := []string{"1:1", "2:1", "3:2", "1010:cb4382bfdwdsb323b2d9", "1011:2"}
	if got := s.ids(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("submitted %q, want %q", got, want)
	}
	if got := f.sent("answerCallbackQuery")[0].Fields["callback_query_id"]; got != "4382bfdwdsb323b2d9" {
		t.Errorf("answered callback %q", got)
	}
	if len(f.sent("deleteWebhook")) != 1 {
		t.Error("deleteWebhook not called before polling")
	}
	if gu := f.sent("getUpdates"); len(gu) == 0 || gu[0].Fields["allowed_updates"] != `["message","callback_query","my_chat_member"]` {
		t.Errorf("getUpdates fields %v", gu)
	}
}

// Shutting down while updates are being handled loses none that Telegram
// was told we have: every update below the offset of the last getUpdates
// call was submitted before Run returned.
func TestPollShutdownLosesNothingConfirmed(t *testing.T) {
	for round := range 5 {
		t.Run(strconv.Itoa(round), func(t *testing.T) {
			f := newFakeAPI(t)
			const n = 6
			var batch []string
			for i := 1; i <= n; i++ {
				batch = append(batch, textUpdate(int64(i), 777, i, "m"))
			}
			f.queueUpdates(batch...)
			var mu sync.Mutex
			confirmed := int64(0)
			stopping := make(chan struct{})
			var once sync.Once
			f.onGetUpdates = func(offset string) {
				o, _ := strconv.ParseInt(offset, 10, 64)
				mu.Lock()
				confirmed = max(confirmed, o-1)
				mu.Unlock()
				if o > 1 {
					once.Do(func() { close(stopping) }) // the batch is confirmed: stop now
				}
			}
			a := newTestAdapter(t, f, Config{})
			s := submitted{wait: time.Duration(round) * 10 * time.Millisecond}
			stop := runAdapter(t, a, s.submit)
			select {
			case <-stopping:
			case <-time.After(5 * time.Second):
				t.Fatal("the batch was never confirmed")
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			c := confirmed
			mu.Unlock()
			got := s.ids()
			if int64(len(got)) < c {
				t.Fatalf("Telegram was told updates up to %d were received, but only %d were submitted: %q", c, len(got), got)
			}
			for i, id := range got {
				if want := fmt.Sprintf("%d:%d", i+1, i+1); id != want {
					t.Fatalf("submit %d was %s, want %s", i, id, want)
				}
			}
		})
	}
}

// heldSubmit accepts updates but says they are saved only when release is
// called: the poller must not confirm them before.
type heldSubmit struct {
	mu    sync.Mutex
	got   []string
	dones []func(error)
}

func (h *heldSubmit) submit(_ context.Context, in bot.Inbound) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, in.ID)
	h.dones = append(h.dones, in.Done)
	return nil
}

func (h *heldSubmit) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

// release reports the first n held updates as saved (nil) or not (err).
func (h *heldSubmit) release(n int, err error) {
	h.mu.Lock()
	dones := h.dones[:n]
	h.dones = h.dones[n:]
	h.mu.Unlock()
	for _, d := range dones {
		d(err)
	}
}

// offsets returns the offsets of every getUpdates call so far.
func (f *fakeAPI) offsets() []string {
	var out []string
	for _, c := range f.sent("getUpdates") {
		out = append(out, c.Fields["offset"])
	}
	return out
}

// An update is confirmed (a getUpdates call with a higher offset) only
// after the dispatcher saved it; one that could not be saved is fetched
// again, and updates after it in the batch are not confirmed either.
func TestPollConfirmsOnlySaved(t *testing.T) {
	f := newFakeAPI(t)
	f.queueUpdates(textUpdate(10, 777, 1, "a"), textUpdate(11, 888, 1, "b"), textUpdate(12, 777, 2, "c"))
	a := newTestAdapter(t, f, Config{})
	var h heldSubmit
	stop := runAdapter(t, a, h.submit)
	waitFor(t, 5*time.Second, "3 submits", func() bool { return h.count() == 3 })
	time.Sleep(100 * time.Millisecond)
	if got := f.offsets(); len(got) != 1 || got[0] != "" {
		t.Fatalf("getUpdates called again before anything was saved: offsets %q", got)
	}
	h.release(1, nil)                        // update 10 saved
	h.release(1, errors.New("disk is full")) // 11 not saved
	h.release(1, nil)                        // 12 saved, but after 11
	waitFor(t, 5*time.Second, "the next getUpdates", func() bool { return len(f.offsets()) >= 2 })
	if got := f.offsets()[1]; got != "11" {
		t.Errorf("after 10 saved and 11 not, offset %q, want 11", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// Stopping while the dispatcher still holds an update (the database cannot
// be written) returns without waiting for it and leaves it unconfirmed;
// the updates saved before it are confirmed by a last call.
func TestPollStopsWhileHeld(t *testing.T) {
	f := newFakeAPI(t)
	f.queueUpdates(textUpdate(5, 777, 1, "a"), textUpdate(6, 777, 2, "b"))
	a := newTestAdapter(t, f, Config{})
	var h heldSubmit
	stop := runAdapter(t, a, h.submit)
	waitFor(t, 5*time.Second, "2 submits", func() bool { return h.count() == 2 })
	h.release(1, nil)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got := f.offsets()
	if last := got[len(got)-1]; last != "6" {
		t.Errorf("last getUpdates offset %q (all %q), want 6: update 5 confirmed, 6 left to Telegram", last, got)
	}
}

// A getUpdates call that never answers is abandoned a little after its
// long-poll timeout, and polling goes on.
func TestPollHangingRequestAbandoned(t *testing.T) {
	f := newFakeAPI(t)
	var calls atomic.Int32
	f.setRespond(func(c call, r *http.Request) (int, string, bool) {
		if c.Method != "getUpdates" {
			return 0, "", false
		}
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hangs until the client gives up
			return http.StatusGatewayTimeout, `{"ok":false}`, true
		}
		return 0, "", false
	})
	a := newTestAdapter(t, f, Config{PollTimeout: 2 * time.Second})
	a.pollGrace = 300 * time.Millisecond
	var s submitted
	stop := runAdapter(t, a, s.submit)
	began := time.Now()
	f.queueUpdates(textUpdate(1, 777, 1, "halo"))
	waitFor(t, 10*time.Second, "the update after the hanging call", func() bool { return len(s.ids()) == 1 })
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("input stalled %v behind a hanging getUpdates", took)
	}
	stop()
}

// An update the library cannot decode is skipped and confirmed; the
// updates after it still arrive.
func TestPollSkipsUnreadableUpdate(t *testing.T) {
	f := newFakeAPI(t)
	f.queueUpdates(`{"update_id":3,"message":{"message_id":"not a number","chat":7}}`, textUpdate(4, 777, 1, "halo"))
	a := newTestAdapter(t, f, Config{})
	var s submitted
	stop := runAdapter(t, a, s.submit)
	waitFor(t, 5*time.Second, "the readable update", func() bool { return len(s.ids()) == 1 })
	waitFor(t, 5*time.Second, "the next getUpdates", func() bool { return len(f.offsets()) >= 2 })
	if got := f.offsets()[1]; got != "5" {
		t.Errorf("offset %q after the batch, want 5", got)
	}
	stop()
}
