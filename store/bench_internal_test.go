package store

import (
	"context"
	"fmt"
	"testing"
)

// Benchmarks of the lookups among 100,000 owners (openBig), each in one
// View, as the sender and the officers' lists run them:
//
//	go test ./store -run '^$' -bench . -benchtime 2s

// BenchmarkNIBTaken checks whether an NIB is taken among 100,000 owners,
// as registration does for every NIB typed: one that is (a duplicate) and
// one that is not (the usual case).
func BenchmarkNIBTaken(b *testing.B) {
	db := openBig(b)
	for _, bc := range []struct {
		name string
		nib  func(i int) string // owner i's NIB, or one no owner has
		want bool
	}{
		{"taken", func(i int) string { return fmt.Sprintf("91%011d", 1+i%(bigOwners/3)*3) }, true},
		{"free", func(i int) string { return fmt.Sprintf("91%011d", 3+i%(bigOwners/3)*3) }, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			err := db.View(context.Background(), func(tx *ReadTx) error {
				for i := 0; b.Loop(); i++ {
					if taken, err := tx.NIBTaken(bc.nib(i), 0); err != nil || taken != bc.want {
						return fmt.Errorf("NIBTaken(%s) = %v, %v", bc.nib(i), taken, err)
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkFindOwners lists a page of 50 owners, with the total, as an
// officer's list or search does.
func BenchmarkFindOwners(b *testing.B) {
	db := openBig(b)
	yes := true
	for _, bc := range []struct {
		name string
		f    OwnerFilter
	}{
		{"kecamatan", OwnerFilter{Kecamatan: "Poasia", Limit: 50}},
		{"kecamatan+binaan", OwnerFilter{Kecamatan: "Poasia", Binaan: &yes, Limit: 50}},
		{"registration-number", OwnerFilter{Query: "IKM-004242"}},
		{"phone", OwnerFilter{Query: "0812-0000-4242"}},
		{"name", OwnerFilter{Query: "Pemilik 4242", Limit: 50}},
		{"name-common", OwnerFilter{Query: "Usaha 4", Limit: 50}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			err := db.View(context.Background(), func(tx *ReadTx) error {
				for b.Loop() {
					if _, n, err := tx.FindOwners(bc.f); err != nil || n == 0 {
						return fmt.Errorf("FindOwners = %d, %v", n, err)
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkDueOutbox lists the sender's next batch of 256 rows behind
// 10,000 broadcasts and a few replies (openBig), and when the next row is
// due, each in a View of its own as the sender does.
func BenchmarkDueOutbox(b *testing.B) {
	db := openBig(b)
	ctx := context.Background()
	b.Run("due", func(b *testing.B) {
		for b.Loop() {
			err := db.View(ctx, func(tx *ReadTx) error {
				rows, err := tx.DueOutbox("telegram", "", bigNow, 256)
				if err == nil && (len(rows) != 256 || rows[0].Kind != KindReply) {
					err = fmt.Errorf("%d rows, the first a %s", len(rows), rows[0].Kind)
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("next-due", func(b *testing.B) {
		for b.Loop() {
			err := db.View(ctx, func(tx *ReadTx) error {
				_, _, err := tx.NextDue("telegram", "")
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
