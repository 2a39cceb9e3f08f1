package bot_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// registration is one owner's whole registration, as typed on a console.
func registration(i int) []string {
	return []string{"halo", "1", "1", "Wa Ode " + alpha(i), "Abon " + alpha(i), "1", "abon ikan cakalang",
		"3", "Jl. Sao-Sao No. 12, Kel. Bende", "0812 3456 7890", "1", "1"}
}

// alpha spells i in letters (names need letters, not digits).
func alpha(i int) string {
	var b []byte
	for {
		b = append(b, byte('a'+i%26))
		i /= 26
		if i == 0 {
			break
		}
	}
	return string(b)
}

// countingOutlet accepts every message and counts them.
type countingOutlet struct{ n atomic.Int64 }

func (o *countingOutlet) Send(context.Context, store.OutboxMessage) error {
	o.n.Add(1)
	return nil
}

// rig is the bot on a real SQLite file with a sender draining to a counter.
type rig struct {
	db     *store.DB
	disp   *bot.Dispatcher
	outlet *countingOutlet
	notify func(channels ...string) // wakes the sender
	stop   func()
}

func newRig(tb testing.TB, afterCommit func(bot.Inbound, time.Time)) *rig {
	ctx := context.Background()
	benchPath := filepath.Join(tb.TempDir(), "bench.db")
	db, err := store.Open(ctx, benchPath)
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := locales.Load()
	if err != nil {
		tb.Fatal(err)
	}
	if drops := os.Getenv("EXP_DROP"); drops != "" {
		raw, err := sql.Open("sqlite", store.WriterDSN(benchPath))
		if err != nil {
			tb.Fatal(err)
		}
		for _, d := range strings.Split(drops, ";") {
			if _, err := raw.Exec(d); err != nil {
				tb.Fatal(d, err)
			}
		}
		raw.Close()
	}
	r := &rig{db: db, outlet: &countingOutlet{}}
	sender := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Poll: 50 * time.Millisecond},
		bot.Route{Channel: "bench", Outlet: r.outlet})
	r.notify = sender.Notify
	r.disp = bot.NewDispatcher(db, flows.New(cat), bot.DispatcherConfig{Log: quietLog(),
		AfterCommit: func(in bot.Inbound, channels []string, accepted time.Time) {
			sender.Notify(channels...)
			if afterCommit != nil {
				afterCommit(in, accepted)
			}
		}})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { sender.Run(runCtx); close(done) }()
	r.stop = func() {
		r.disp.Close()
		cancel()
		<-done
		db.Close()
	}
	return r
}

// waitSent waits until the outlet has delivered n messages.
func (r *rig) waitSent(tb testing.TB, n int64) {
	deadline := time.Now().Add(2 * time.Minute)
	for r.outlet.n.Load() < n {
		if time.Now().After(deadline) {
			tb.Fatalf("only %d of %d replies delivered", r.outlet.n.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkDispatch: 1,000 owners register end to end at once through the
// dispatcher, every reply through the outbox; one op is all 1,000.
func BenchmarkDispatch(b *testing.B) {
	const owners = 1000
	r := newRig(b, nil)
	defer r.stop()
	ctx := context.Background()
	var total int64
	var elapsed time.Duration
	b.ResetTimer()
	for it := 0; b.Loop(); it++ {
		start := time.Now()
		total += submitRegistrations(b, r, it, owners)
		r.waitSent(b, total)
		elapsed += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(total)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(r.outlet.n.Load())/float64(total), "replies/msg")
	n, err := r.db.Count(ctx, "owners")
	if err != nil {
		b.Fatal(err)
	}
	if want := owners * b.N; n != want {
		b.Fatalf("%d owners registered, want %d", n, want)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}

// BenchmarkDispatchLatency: an open-loop load of 2,000 messages/s spread
// evenly across 1,000 registering owners; reports the time from a message
// accepted by Submit to its reply committed. One op is 12,000 messages
// (every owner's whole registration, about 6 s).
func BenchmarkDispatchLatency(b *testing.B) {
	const (
		owners = 1000
		rate   = 2000 // messages per second
	)
	var mu sync.Mutex
	var lat []time.Duration
	r := newRig(b, func(_ bot.Inbound, accepted time.Time) {
		d := time.Since(accepted)
		mu.Lock()
		lat = append(lat, d)
		mu.Unlock()
	})
	defer r.stop()
	ctx := context.Background()
	interval := time.Second / rate
	var sent int64
	for it := 0; b.Loop(); it++ {
		perOwner := len(registration(0))
		start := time.Now()
		for k := range perOwner {
			for o := range owners {
				i := k*owners + o
				if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
					time.Sleep(wait)
				}
				in := bot.Inbound{Chat: store.ChatKey{Channel: "bench", Address: fmt.Sprintf("%d-%d", it, o)},
					ID: fmt.Sprintf("%d-%d-%d", it, o, k)}
				in.Text = registration(o)[k]
				if err := r.disp.Submit(ctx, in); err != nil {
					b.Fatal(err)
				}
				sent++
			}
		}
		r.waitSent(b, sent)
	}
	b.StopTimer()
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
}
