package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// BenchmarkExportDuringReplies: the web console's export of 100,000
// owners, and what it does meanwhile to the replies of owners writing at
// 200 messages a second (latency from a message's acceptance to its
// reply's commit). Reports the export's time and the replies' p99 with
// and without the export running.
func BenchmarkExportDuringReplies(b *testing.B) {
	const owners, rate = 100_000, 200
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "export.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cat, err := locales.Load()
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	for start := 0; start < owners; start += 5000 {
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := start; i < start+5000; i++ {
				o := store.Owner{Name: fmt.Sprint("Pemilik ", i), BusinessName: fmt.Sprint("Usaha ", i), Sector: "pangan",
					Products: "abon", Kecamatan: "Kadia", Address: "Jl. Contoh", Phone: fmt.Sprintf("+62812%08d", i),
					Language: "id", ConsentVersion: "v2", ConsentAt: at}
				if err := tx.CreateOwner(&o, store.ChatKey{Channel: "telegram", Address: fmt.Sprint(1_000_000 + i)}, at); err != nil {
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
	var mu sync.Mutex
	var lat []time.Duration
	disp := bot.NewDispatcher(db, flows.New(cat, flows.WithOffice(off)), bot.DispatcherConfig{Log: slog.New(slog.DiscardHandler),
		AfterCommit: func(_ bot.Inbound, _ []string, accepted time.Time) {
			d := time.Since(accepted)
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}})
	defer disp.Close()

	// replies sends owners' messages at rate until over is true, and
	// returns the p99 of their latency.
	seq := 0
	replies := func(over func() bool) float64 {
		mu.Lock()
		lat = lat[:0]
		mu.Unlock()
		start := time.Now()
		for i := 0; !over(); i++ {
			if wait := time.Until(start.Add(time.Duration(i) * time.Second / rate)); wait > 0 {
				time.Sleep(wait)
			}
			seq++
			in := bot.Inbound{Chat: store.ChatKey{Channel: "bench", Address: fmt.Sprint(seq % 500)}, ID: fmt.Sprint("m", seq)}
			in.Text = "halo"
			if err := disp.Submit(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
		time.Sleep(200 * time.Millisecond) // the last replies
		mu.Lock()
		defer mu.Unlock()
		slices.Sort(lat)
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[len(lat)*99/100].Microseconds()) / 1000
	}
	t0 := time.Now()
	idle := replies(func() bool { return time.Since(t0) > 2*time.Second })

	var export time.Duration
	var n int
	var during float64
	b.ResetTimer()
	for b.Loop() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			start := time.Now()
			err := db.View(ctx, func(tx *store.ReadTx) (err error) {
				n, err = off.ExportOwners(tx, io.Discard, store.OwnerFilter{}, "id", office.Format{Sep: ','})
				return err
			})
			export = time.Since(start)
			if err != nil {
				b.Error(err)
			}
		}()
		during = replies(func() bool {
			select {
			case <-done:
				return true
			default:
				return false
			}
		})
	}
	b.StopTimer()
	if n != owners {
		b.Fatalf("exported %d owners, want %d", n, owners)
	}
	b.ReportMetric(export.Seconds(), "export-s")
	b.ReportMetric(idle, "reply-p99-ms-idle")
	b.ReportMetric(during, "reply-p99-ms-during")
}
