package telegram

import (
	"context"
	"fmt"
	"strconv"
	"sync"
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
	s.got = append(s.got, in)
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
	if gu := f.sent("getUpdates"); len(gu) == 0 || gu[0].Fields["allowed_updates"] != `["message","callback_query"]` {
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
