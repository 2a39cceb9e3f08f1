package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// BenchmarkStatus: "cek status" of an owner with 10 applications, among
// 100,000 applications of 10,000 owners, through the whole turn (session,
// owner, applications, rendering, session written back); reports the
// p50 and p99 of a turn.
func BenchmarkStatus(b *testing.B) {
	const owners, perOwner = 10_000, 10
	ctx := context.Background()
	e, db := engineOnDB(b)
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	chat := func(i int) store.ChatKey {
		return store.ChatKey{Channel: "telegram", Address: fmt.Sprint(1_000_000 + i)}
	}
	for start := 0; start < owners; start += 1000 {
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := start; i < start+1000; i++ {
				o := store.Owner{Name: "Pemilik " + fmt.Sprint(i), BusinessName: "Usaha " + fmt.Sprint(i), Sector: "pangan",
					Kecamatan: "Kadia", Address: "Jl. Contoh", Phone: "+6281234567890", Language: "id",
					ConsentVersion: ConsentVersion, ConsentAt: at}
				if err := tx.CreateOwner(&o, chat(i), at); err != nil {
					return err
				}
				for k := range perOwner {
					a := store.Application{Kind: []string{store.AppHalal, store.AppTKDN}[k%2], OwnerID: o.ID, Stage: store.StageSubmitted,
						NIK: "7471014506900001", Answers: store.Answers{Products: []store.Product{{Name: "Abon ikan", Ingredients: "ikan"}}}}
					if err := tx.CreateApplication(&a, at.Add(time.Duration(k)*time.Hour)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	var turns []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := chat(i * 7919 % owners)
		start := time.Now()
		var reply store.Reply
		err := db.Update(ctx, func(tx *store.Tx) (err error) {
			reply, err = e.Handle(tx, c, Input{Text: "cek status", At: at.Add(48 * time.Hour)})
			return err
		})
		turns = append(turns, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if !strings.Contains(reply.Text, "Pengajuan Anda (10)") {
			b.Fatalf("reply:\n%s", reply.Text)
		}
	}
	b.StopTimer()
	slices.Sort(turns)
	b.ReportMetric(float64(turns[len(turns)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(turns[len(turns)*99/100].Microseconds())/1000, "p99-ms")
}
