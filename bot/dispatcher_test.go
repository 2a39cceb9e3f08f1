package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// Messages of one chat submitted at once are handled in the order they
// were accepted: the registration they make is consistent.
func TestOneChatInOrder(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog(), Shards: 4})
	ctx := context.Background()
	lines := []string{"1", "1", "Ani", "Abon Ani", "1", "abon", "abeli", "Jl. Abeli No. 1", "081200000001", "1", "1"}
	chats := 20
	var wg sync.WaitGroup
	for c := range chats {
		wg.Go(func() {
			chat := store.ChatKey{Channel: "test", Address: fmt.Sprint(c)}
			for i, l := range lines {
				if err := d.Submit(ctx, msg(chat, fmt.Sprint(i), l)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	d.Close()
	n, err := db.Count(ctx, "owners")
	if err != nil {
		t.Fatal(err)
	}
	if n != chats {
		t.Fatalf("%d owners registered, want %d (messages handled out of order?)", n, chats)
	}
	if err := d.Submit(ctx, msg(store.ChatKey{Channel: "test", Address: "x"}, "1", "halo")); err != bot.ErrClosed {
		t.Errorf("Submit after Close: %v, want ErrClosed", err)
	}
}

// The same message delivered twice, even at the same moment, is handled once.
func TestDuplicateDeliveryHandledOnce(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog()})
	ctx := context.Background()
	chat := store.ChatKey{Channel: "test", Address: "dup"}
	for range 5 {
		if err := d.Submit(ctx, msg(chat, "same-id", "halo")); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()
	for table, want := range map[string]int{"inbound": 1, "outbox": 1, "sessions": 1} {
		if n, err := db.Count(ctx, table); err != nil || n != want {
			t.Errorf("%s: %d rows (err %v), want %d", table, n, err, want)
		}
	}
}

// A crash after the commit and before sending: the reply waits in the
// outbox and a sender started later delivers it, once.
func TestReplyDeliveredAfterRestart(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	ctx := context.Background()
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog()})
	chat := store.ChatKey{Channel: "test", Address: "crash"}
	if err := d.Handle(ctx, msg(chat, "1", "halo")); err != nil {
		t.Fatal(err)
	}
	d.Close() // the process "dies" here: nothing was sent

	rec := &recorder{}
	s := bot.NewSender(db, bot.SenderConfig{Now: clock.Now, Log: quietLog()}, bot.Route{Channel: "test", Outlet: rec})
	for range 2 {
		if _, err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := rec.texts(); len(got) != 1 || !strings.Contains(got[0], "Selamat datang") {
		t.Fatalf("delivered %q, want the greeting once", got)
	}
}

// A chat whose message is slow to handle holds up no other chat, whatever
// the workers: any free one takes any chat with a message waiting. Its own
// next message waits for it, in order.
func TestSlowChatHoldsNoOther(t *testing.T) {
	db := openDB(t)
	clock := newClock()
	slow := store.ChatKey{Channel: "test", Address: "slow"}
	release := make(chan struct{})
	var mu sync.Mutex
	var handled []string
	d := bot.NewDispatcher(db, newEngine(t), bot.DispatcherConfig{Now: clock.Now, Log: quietLog(), Shards: 2,
		AfterCommit: func(in bot.Inbound, _ []string, _ time.Time) {
			if in.Chat == slow && in.ID == "1" {
				<-release // the worker handling it is held
			}
			mu.Lock()
			handled = append(handled, in.Chat.Address+"/"+in.ID)
			mu.Unlock()
		}})
	ctx := context.Background()
	submit := func(chat store.ChatKey, id string) {
		t.Helper()
		if err := d.Submit(ctx, msg(chat, id, "halo")); err != nil {
			t.Fatal(err)
		}
	}
	submit(slow, "1")
	submit(slow, "2")
	for c := range 8 {
		submit(store.ChatKey{Channel: "test", Address: fmt.Sprint("c", c)}, "1")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(handled)
		mu.Unlock()
		if n == 8 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of the 8 other chats handled while one chat is slow", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	for _, h := range handled {
		if strings.HasPrefix(h, "slow/") {
			t.Errorf("%s handled while the slow chat's first message is still held", h)
		}
	}
	mu.Unlock()
	close(release)
	d.Close()
	if got := handled[len(handled)-2:]; got[0] != "slow/1" || got[1] != "slow/2" {
		t.Errorf("the slow chat's messages ended %q, want slow/1 then slow/2", got)
	}
}
