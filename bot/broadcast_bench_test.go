package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// queueBroadcastRows queues n broadcast rows on the channel "bench", one
// per chat, in one transaction.
func queueBroadcastRows(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	now := time.Now()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for i := range n {
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: store.ChatKey{Channel: "bench", Address: fmt.Sprint("b", i)},
				Kind: store.KindBroadcast, Reply: store.Reply{Text: "Pengumuman: kuota halal gratis dibuka."},
				DedupeKey: fmt.Sprint("broadcast:1:owner:", i), NotBefore: now, CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSenderDrain: the sender drains n pending broadcast rows to an
// instant outlet; its speed must not depend on how many wait.
//
//	go test ./bot -run '^$' -bench SenderDrain -benchtime 3x
func BenchmarkSenderDrain(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("pending=%d", n), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "drain.db"))
				if err != nil {
					b.Fatal(err)
				}
				queueBroadcastRows(b, db, n)
				out := &countingOutlet{}
				s := bot.NewSender(db, bot.SenderConfig{Log: quietLog()}, bot.Route{Channel: "bench", Outlet: out, Workers: 8})
				b.StartTimer()
				began := time.Now()
				for out.n.Load() < int64(n) {
					if _, err := s.Flush(context.Background()); err != nil {
						b.Fatal(err)
					}
				}
				total += time.Since(began)
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "rows/s")
		})
	}
}

// replyTimer is an outlet that takes a while per message, as a platform
// does, and records how long after its owner wrote each reply went.
type replyTimer struct {
	per     time.Duration
	mu      sync.Mutex
	wrote   map[string]time.Time // chat address -> when its owner wrote
	lat     []time.Duration
	replies atomic.Int64
	bulk    atomic.Int64 // broadcast rows sent
}

func (o *replyTimer) Send(_ context.Context, m store.OutboxMessage) error {
	time.Sleep(o.per)
	if m.Kind != store.KindReply {
		o.bulk.Add(1)
		return nil
	}
	o.mu.Lock()
	if at, ok := o.wrote[m.Chat.Address]; ok {
		o.lat = append(o.lat, time.Since(at))
		delete(o.wrote, m.Chat.Address)
		o.replies.Add(1)
	}
	o.mu.Unlock()
	return nil
}

// BenchmarkReplyWhileBroadcasting: 10,000 broadcast rows wait on the
// channel, paced as Telegram is (25 messages/s overall); owners write at
// 10 messages/s meanwhile. Each reply must go before the queued
// broadcast rows: p99 is from the owner's message to its reply sent.
//
//	go test ./bot -run '^$' -bench ReplyWhileBroadcasting -benchtime 1x
func BenchmarkReplyWhileBroadcasting(b *testing.B) {
	const (
		queued = 10000
		owners = 100
		rate   = 10 // owners' messages per second
	)
	cat, err := locales.Load()
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	var bulk int64
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "fair.db"))
		if err != nil {
			b.Fatal(err)
		}
		queueBroadcastRows(b, db, queued)
		out := &replyTimer{per: 2 * time.Millisecond, wrote: map[string]time.Time{}}
		sender := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Poll: 50 * time.Millisecond},
			bot.Route{Channel: "bench", Outlet: out, Workers: 8, Limits: bot.Limits{Global: 25, GlobalBurst: 5, PerChat: 1, PerChatBurst: 3}})
		disp := bot.NewDispatcher(db, flows.New(cat), bot.DispatcherConfig{Log: quietLog(),
			AfterCommit: func(_ bot.Inbound, channels []string, _ time.Time) { sender.Notify(channels...) }})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { sender.Run(ctx); close(done) }()
		time.Sleep(time.Second) // (the broadcast is under way)
		bulk0, began := out.bulk.Load(), time.Now()
		b.StartTimer()
		for i := range owners {
			addr := fmt.Sprint("o", i)
			out.mu.Lock()
			out.wrote[addr] = time.Now()
			out.mu.Unlock()
			in := bot.Inbound{Chat: store.ChatKey{Channel: "bench", Address: addr}, ID: addr}
			in.Text = "halo"
			if err := disp.Submit(ctx, in); err != nil {
				b.Fatal(err)
			}
			time.Sleep(time.Second / rate)
		}
		deadline := time.Now().Add(time.Minute)
		for out.replies.Load() < owners && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		b.StopTimer()
		bulk, took = bulk+out.bulk.Load()-bulk0, took+time.Since(began)
		if out.replies.Load() < owners {
			b.Fatalf("%d of %d replies went within a minute", out.replies.Load(), owners)
		}
		disp.Close()
		cancel()
		<-done
		db.Close()
		lat = append(lat, out.lat...)
		b.StartTimer()
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(float64(bulk)/took.Seconds(), "broadcasts/s")
}

// BenchmarkBroadcastWrite: the recipients of a broadcast to 100,000
// owners are written, batch by batch, while owners chat at 200
// messages/s: rows/s of the writing, and p99 of the owners' replies
// (from their message to its commit) meanwhile.
//
//	go test ./bot -run '^$' -bench BroadcastWrite -benchtime 1x
func BenchmarkBroadcastWrite(b *testing.B) {
	const (
		owners = 100000
		rate   = 200
	)
	cat, err := locales.Load()
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	var writing time.Duration
	for b.Loop() {
		b.StopTimer()
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "write.db"))
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		for from := 0; from < owners; from += 10000 {
			err := db.Update(ctx, func(tx *store.Tx) error {
				for i := from; i < from+10000; i++ {
					o := store.Owner{Name: "Pemilik " + alpha(i), BusinessName: "Usaha " + alpha(i), Sector: "pangan", Products: "abon",
						Kecamatan: "Kadia", Address: "Jl. 1", Phone: fmt.Sprintf("+62812%08d", i), Language: "id",
						ConsentVersion: "v2", ConsentAt: now, ConsentChannel: "bench"}
					if err := tx.CreateOwner(&o, store.ChatKey{Channel: "bench", Address: fmt.Sprint("w", i)}, now); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		off := office.New(cat, time.Now)
		if err := db.Update(ctx, func(tx *store.Tx) error {
			return off.CreateBroadcast(tx, office.Actor{Name: "Rina"}, &store.Broadcast{TextID: "Kuota halal gratis dibuka."})
		}); err != nil {
			b.Fatal(err)
		}
		var mu sync.Mutex
		disp := bot.NewDispatcher(db, flows.New(cat), bot.DispatcherConfig{Log: quietLog(),
			AfterCommit: func(_ bot.Inbound, _ []string, accepted time.Time) {
				mu.Lock()
				lat = append(lat, time.Since(accepted))
				mu.Unlock()
			}})
		bc := &bot.Broadcaster{DB: db, Office: off, Now: time.Now, Log: quietLog(), Batch: office.BroadcastBatch}
		chatting, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := 0; chatting.Err() == nil; i++ {
				in := bot.Inbound{Chat: store.ChatKey{Channel: "chat", Address: fmt.Sprint("c", i%500)}, ID: fmt.Sprint("m", i)}
				in.Text = "halo"
				if err := disp.Submit(ctx, in); err != nil {
					b.Error(err)
					return
				}
				time.Sleep(time.Second / rate)
			}
		})
		b.StartTimer()
		began := time.Now()
		n, err := bc.Flush(ctx)
		writing += time.Since(began)
		b.StopTimer()
		stop()
		wg.Wait()
		disp.Close()
		if err != nil || n != owners {
			b.Fatalf("wrote %d recipients: %v", n, err)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(owners)*float64(b.N)/writing.Seconds(), "rows/s")
	b.ReportMetric(writing.Seconds()/float64(b.N), "s/broadcast")
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[int(0.99*float64(len(lat)-1))].Microseconds())/1000, "p99-ms")
	}
}
