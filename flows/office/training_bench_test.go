package office_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"sobat-ikm/store"
)

// BenchmarkPlanReminders: 10,000 enrollments (500 trainings of 20 seats,
// as the office runs them), each seat planning its two reminders
// (dedupe-keyed, expiring outbox rows), 500 sign-ups per transaction;
// reports reminders planned per second.
func BenchmarkPlanReminders(b *testing.B) {
	const owners, batch, seats = 10_000, 500, 20
	r := newRig(b)
	ctx := context.Background()
	ids := make([]store.Owner, owners)
	for start := 0; start < owners; start += batch {
		err := r.db.Update(ctx, func(tx *store.Tx) error {
			for i := start; i < start+batch; i++ {
				o := store.Owner{Name: fmt.Sprint("Pemilik ", i), BusinessName: fmt.Sprint("Usaha ", i), Sector: "pangan",
					Kecamatan: "Kadia", Address: "Jl. Contoh", Phone: "+6281234567890", Language: "id", ConsentVersion: "v2", ConsentAt: r.now}
				if err := tx.CreateOwner(&o, store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)}, r.now); err != nil {
					return err
				}
				ids[i] = o
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	var planned int
	var elapsed time.Duration
	for it := 0; b.Loop(); it++ {
		var trainings []store.Training
		for k := range owners / seats {
			trainings = append(trainings, r.training(seats, func(t *store.Training) { t.Title = fmt.Sprint("Bimtek ", it, "-", k) }))
		}
		start := time.Now()
		for s := 0; s < owners; s += batch {
			err := r.db.Update(ctx, func(tx *store.Tx) error {
				for i := s; i < s+batch; i++ {
					if _, err := r.off.Enroll(tx, ids[i], trainings[i/seats].ID); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		planned += 2 * owners
	}
	var n int
	r.db.View(ctx, func(tx *store.ReadTx) (err error) {
		rows, err := tx.PlannedOutbox(store.KindReminder, 1_000_000)
		n = len(rows)
		return err
	})
	if n != planned {
		b.Fatalf("%d reminders planned, want %d", n, planned)
	}
	b.ReportMetric(float64(planned)/elapsed.Seconds(), "plans/s")
}
