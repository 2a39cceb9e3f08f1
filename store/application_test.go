package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sobat-ikm/store"
)

const testNIK = "7471014506900001"

// apply files an application for a new owner and returns both.
func apply(t *testing.T, db *store.DB, name, kind, stage string) (*store.Owner, store.Application) {
	t.Helper()
	o := owner(name)
	a := store.Application{Kind: kind, Stage: stage, NIK: testNIK,
		Answers: store.Answers{Products: []store.Product{{Name: "Abon ikan", Ingredients: "ikan, bawang"}}}}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateOwner(o, store.ChatKey{Channel: "console", Address: name}, now); err != nil {
			return err
		}
		a.OwnerID = o.ID
		return tx.CreateApplication(&a, now)
	})
	return o, a
}

func TestApplicationReferencesPerKindAndYear(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	_, h1 := apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	_, h2 := apply(t, db, "budi", store.AppHalal, store.StageSubmitted)
	_, k1 := apply(t, db, "citra", store.AppTKDN, store.StageSubmitted)
	for a, want := range map[string]string{h1.Ref(): "HL-2026-0001", h2.Ref(): "HL-2026-0002", k1.Ref(): "TK-2026-0001"} {
		if a != want {
			t.Errorf("reference %s, want %s", a, want)
		}
	}
}

// An owner asking for another owner's reference is told it does not
// exist, exactly as for one that does not.
func TestApplicationOfAnotherOwnerIsNotFound(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	ani, a := apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	budi, _ := apply(t, db, "budi", store.AppHalal, store.StageSubmitted)
	err := db.View(context.Background(), func(tx *store.ReadTx) error {
		if got, err := tx.FindApplication(store.AppHalal, a.Year, a.Seq, ani.ID); err != nil || got.NIK != testNIK {
			t.Errorf("own application: %+v, %v", got, err)
		}
		if _, err := tx.FindApplication(store.AppHalal, a.Year, a.Seq, budi.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another owner's: %v, want ErrNotFound", err)
		}
		if _, err := tx.FindApplication(store.AppHalal, a.Year, 99, budi.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("no such: %v, want ErrNotFound", err)
		}
		list, n, err := tx.FindApplications(store.ApplicationFilter{OwnerID: budi.ID})
		if err != nil || n != 1 || len(list) != 1 || list[0].OwnerID != budi.ID {
			t.Errorf("budi's list: %d %v %v", n, list, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func move(db *store.DB, m store.Move) (store.Application, error) {
	var a store.Application
	err := db.Update(context.Background(), func(tx *store.Tx) (err error) {
		a, err = tx.MoveApplication(m, now)
		return err
	})
	return a, err
}

func TestMoveApplicationFollowsTheStages(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	_, a := apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	if _, err := move(db, store.Move{ID: a.ID, From: "diajukan", To: "terbit", Actor: "Rina"}); !errors.Is(err, store.ErrNotAllowed) {
		t.Errorf("diajukan -> terbit: %v, want ErrNotAllowed", err)
	}
	steps := []struct{ from, to string }{
		{"diajukan", "verifikasi_dinas"}, {"verifikasi_dinas", "perlu_perbaikan"},
		{"perlu_perbaikan", "verifikasi_dinas"}, // back where it came from
		{"verifikasi_dinas", "pendampingan_pph"}, {"pendampingan_pph", "verifikasi_bpjph"},
		{"verifikasi_bpjph", "sidang_fatwa"}, {"sidang_fatwa", "terbit"},
	}
	for _, s := range steps {
		got, err := move(db, store.Move{ID: a.ID, From: s.from, To: s.to, Actor: "Rina", Note: "ok", CertNo: "ID74110000123450126"})
		if err != nil || got.Stage != s.to {
			t.Fatalf("%s -> %s: %v, %v", s.from, s.to, got.Stage, err)
		}
	}
	if _, err := move(db, store.Move{ID: a.ID, From: "terbit", To: "ditolak", Actor: "Rina"}); !errors.Is(err, store.ErrNotAllowed) {
		t.Errorf("terbit -> ditolak: %v, want ErrNotAllowed", err)
	}
	err := db.View(context.Background(), func(tx *store.ReadTx) error {
		got, err := tx.FindApplication(store.AppHalal, a.Year, a.Seq, 0)
		if err != nil || got.CertNo != "ID74110000123450126" {
			t.Errorf("issued: %+v, %v", got, err)
		}
		h, err := tx.ApplicationHistory(a.ID)
		if err != nil || len(h) != len(steps)+1 || h[0].To != "diajukan" || h[0].Actor != "owner" || h[2].To != "perlu_perbaikan" {
			t.Errorf("history %+v, %v", h, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Two officers moving the same application at once: one wins, the other
// is told it moved meanwhile, and the history holds one move.
func TestConcurrentMovesOneWins(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	_, a := apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, to := range []string{"verifikasi_dinas", "ditolak"} {
		wg.Go(func() { _, errs[i] = move(db, store.Move{ID: a.ID, From: "diajukan", To: to, Actor: "officer"}) })
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !errors.Is(errors.Join(errs...), store.ErrStale) {
		t.Errorf("moves: %v", errs)
	}
	db.View(context.Background(), func(tx *store.ReadTx) error {
		h, err := tx.ApplicationHistory(a.ID)
		if err != nil || len(h) != 2 {
			t.Errorf("history %+v, %v", h, err)
		}
		return nil
	})
}

// The NIK is never in the database file in clear, and a key that does not
// open it is named at start.
func TestNIKIsSealedAtRest(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "apps.db")
	db := open(t, path)
	apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	if err := db.CheckDataKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, f := range []string{path, path + "-wal"} {
		raw, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(testNIK)) {
			t.Errorf("%s holds the NIK in clear", filepath.Base(f))
		}
	}
	if err := os.Remove(store.DataKeyPath(path)); err != nil {
		t.Fatal(err)
	}
	db = open(t, path)
	defer db.Close()
	if err := db.CheckDataKey(context.Background()); !errors.Is(err, store.ErrDataKeyLost) {
		t.Errorf("with the key file lost: %v, want ErrDataKeyLost", err)
	}
	// The application still serves (a status check, a move); only the
	// NIK is lost.
	db.View(context.Background(), func(tx *store.ReadTx) error {
		a, err := tx.FindApplication(store.AppHalal, 2026, 1, 0)
		if err != nil || a.NIK != "" || !a.NIKLost || a.Stage != store.StageSubmitted {
			t.Errorf("with the key lost: %+v, %v", a, err)
		}
		return nil
	})
}

// Erasing an owner empties their applications' personal fields; the
// anonymous rows stay for the office's numbers.
func TestEraseOwnerKeepsAnonymousApplications(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	o, a := apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	if _, err := move(db, store.Move{ID: a.ID, From: "diajukan", To: "perlu_perbaikan", Actor: "Rina", Note: "foto KTP ibu Ani buram"}); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *store.Tx) error { _, err := tx.EraseOwner(o.ID); return err })
	db.View(context.Background(), func(tx *store.ReadTx) error {
		got, err := tx.FindApplication(store.AppHalal, a.Year, a.Seq, 0)
		if err != nil || got.OwnerID != 0 || got.NIK != "" || len(got.Answers.Products) != 0 || got.Stage != "perlu_perbaikan" {
			t.Errorf("after erasure: %+v, %v", got, err)
		}
		h, _ := tx.ApplicationHistory(a.ID)
		for _, c := range h {
			if c.Note != "" {
				t.Errorf("a note stayed: %q", c.Note)
			}
		}
		counts, err := tx.CountApplications(0)
		if err != nil || len(counts) != 1 || counts[0].N != 1 {
			t.Errorf("counts %+v, %v", counts, err)
		}
		return nil
	})
}

func TestQuotaUsedLeavesOutWaitingAndRefused(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	apply(t, db, "budi", store.AppHalal, store.StageWaiting)
	_, c := apply(t, db, "citra", store.AppHalal, store.StageSubmitted)
	apply(t, db, "dedi", store.AppTKDN, store.StageSubmitted)
	if _, err := move(db, store.Move{ID: c.ID, From: "diajukan", To: "ditolak", Actor: "Rina"}); err != nil {
		t.Fatal(err)
	}
	db.View(context.Background(), func(tx *store.ReadTx) error {
		if n, err := tx.QuotaUsed(store.AppHalal, 2026); err != nil || n != 1 {
			t.Errorf("quota used %d, %v; want 1", n, err)
		}
		return nil
	})
}

// An owner about to be erased has their applications under way withdrawn,
// each with a history line: they free their place in the year's quota;
// an issued one stays as it was.
func TestWithdrawApplications(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "apps.db"))
	defer db.Close()
	ctx := context.Background()
	o, open := apply(t, db, "ani", store.AppHalal, store.StageSubmitted)
	var issued store.Application
	update(t, db, func(tx *store.Tx) error {
		issued = store.Application{Kind: store.AppHalal, Stage: store.StageIssued, OwnerID: o.ID}
		return tx.CreateApplication(&issued, now)
	})
	quota := func() int {
		var n int
		db.View(ctx, func(tx *store.ReadTx) (err error) { n, err = tx.QuotaUsed(store.AppHalal, 2026); return err })
		return n
	}
	if n := quota(); n != 2 {
		t.Fatalf("quota used %d before, want 2", n)
	}
	var n int
	update(t, db, func(tx *store.Tx) (err error) { n, err = tx.WithdrawApplications(o.ID, now.Add(time.Hour)); return err })
	if n != 1 {
		t.Errorf("%d withdrawn, want the one under way", n)
	}
	if got := quota(); got != 1 {
		t.Errorf("quota used %d after, want 1: the withdrawn place is free", got)
	}
	db.View(ctx, func(tx *store.ReadTx) error {
		a, err := tx.FindApplicationByID(open.ID)
		if err != nil || a.Stage != store.StageWithdrawn || !a.StageAt.Equal(now.Add(time.Hour)) {
			t.Errorf("the open one: %+v, %v", a, err)
		}
		b, err := tx.FindApplicationByID(issued.ID)
		if err != nil || b.Stage != store.StageIssued {
			t.Errorf("the issued one: %+v, %v", b, err)
		}
		h, err := tx.ApplicationHistory(open.ID)
		if err != nil || len(h) == 0 || h[len(h)-1].To != store.StageWithdrawn || h[len(h)-1].Actor != "owner" {
			t.Errorf("history %+v, %v", h, err)
		}
		return nil
	})
}
