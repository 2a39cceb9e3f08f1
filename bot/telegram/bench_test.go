package telegram

import (
	"context"
	"strconv"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// BenchmarkTelegramSendRate queues 2,000 replies for 200 chats and sends
// them with the real sender through the adapter's outlet to a fake Bot
// API that records when each sendMessage arrives. The overall cap is
// raised so that the run takes a few seconds and is the binding limit
// (200 chats at 2/s each could take 400/s). It fails if the overall rate
// goes over the cap by more than a burst, or falls more than 5% under it,
// or if any chat's messages come closer together than its own rate.
//
// The real sender runs with its default batch: a chat that must wait for
// its own pace is left for a later pass instead of holding a worker, so
// the channel's slots are all used.
func BenchmarkTelegramSendRate(b *testing.B) {
	const chats, perChat = 200, 10
	limits := bot.Limits{Global: 300, GlobalBurst: 1, PerChat: 2, PerChatBurst: 1}
	for range b.N {
		b.StopTimer()
		f := newFakeAPI(b)
		a := newTestAdapter(b, f, Config{Limits: limits, Workers: 8})
		db := openDB(b)
		now := time.Now()
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			for i := range perChat { // replies arrive chat after chat, as in real traffic
				for c := range chats {
					m := store.OutboxMessage{Chat: chatKey(int64(1000 + c)), NotBefore: now, CreatedAt: now,
						Reply: store.Reply{Text: "balasan " + strconv.Itoa(i)}}
					if _, err := tx.Enqueue(m); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		sender := bot.NewSender(db, bot.SenderConfig{Log: quietLog()}, a.Routes()...)
		b.StartTimer()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { sender.Run(ctx); close(done) }()
		deadline := time.Now().Add(time.Minute)
		for len(f.sent("sendMessage")) < chats*perChat && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
		b.StopTimer()
		if n := len(f.sent("sendMessage")); n != chats*perChat {
			b.Fatalf("sent %d, want %d", n, chats*perChat)
		}

		calls := f.sent("sendMessage")
		first, last := calls[0].At, calls[len(calls)-1].At
		span := last.Sub(first).Seconds()
		rate := float64(len(calls)-1) / span
		byChat := map[string][]time.Time{}
		for _, c := range calls {
			byChat[c.Fields["chat_id"]] = append(byChat[c.Fields["chat_id"]], c.At)
		}
		minGap := time.Hour
		maxChatRate := 0.0
		for _, ts := range byChat {
			for i := 1; i < len(ts); i++ {
				minGap = min(minGap, ts[i].Sub(ts[i-1]))
			}
			maxChatRate = max(maxChatRate, float64(len(ts)-1)/ts[len(ts)-1].Sub(ts[0]).Seconds())
		}
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(limits.Global, "cap")
		b.ReportMetric(maxChatRate, "max-chat-rate")
		b.ReportMetric(minGap.Seconds(), "min-chat-gap-s")
		b.ReportMetric(span, "span-s")
		if allowed := limits.Global*span + float64(limits.GlobalBurst); float64(len(calls)) > allowed+1 {
			b.Fatalf("%d messages in %.2fs: over the cap of %.0f/s (at most %.0f allowed)", len(calls), span, limits.Global, allowed)
		}
		if rate < 0.95*limits.Global {
			b.Fatalf("overall rate %.1f/s is more than 5%% under the cap of %.0f/s", rate, limits.Global)
		}
		// Arrival times jitter by the HTTP round trip: allow 10 ms.
		if want := time.Duration(float64(time.Second)/limits.PerChat) - 10*time.Millisecond; minGap < want {
			b.Fatalf("a chat got two messages %v apart, want at least %v (%.1f/s)", minGap, want, limits.PerChat)
		}
	}
}
