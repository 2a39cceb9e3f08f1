package office_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// apply files an application for the owner and returns what was filed.
func (r *rig) apply(o store.Owner, kind string) office.Applied {
	r.t.Helper()
	var res office.Applied
	r.update(func(tx *store.Tx) (err error) {
		res, err = r.off.Apply(tx, o, kind, store.Answers{Products: []store.Product{{Name: "Abon ikan"}}}, "7471014506900001")
		return err
	})
	return res
}

func (r *rig) move(m store.Move) (store.Application, error) {
	var a store.Application
	err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		a, err = r.off.Move(tx, rina, m)
		return err
	})
	return a, err
}

// Past the year's quota a halal application waits, with its place on
// the list; TKDN has no quota.
func TestApplyPastTheQuotaWaits(t *testing.T) {
	r := newRig(t, office.WithQuotas(office.Quotas{Halal: 2, TKDNTarget: 125}, nil))
	var got []string
	for i := range 4 {
		o := r.owner(fmt.Sprint("owner", i), "id", store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)})
		res := r.apply(o, store.AppHalal)
		got = append(got, fmt.Sprintf("%s %s used %d/%d waiting %d", res.App.Ref(), res.App.Stage, res.Used, res.Quota, res.Waiting))
	}
	want := []string{
		"HL-2026-0001 diajukan used 1/2 waiting 0",
		"HL-2026-0002 diajukan used 2/2 waiting 0",
		"HL-2026-0003 menunggu_kuota used 2/2 waiting 1",
		"HL-2026-0004 menunggu_kuota used 2/2 waiting 2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("filed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	o := r.owner("tkdn", "id", store.ChatKey{Channel: "telegram", Address: "t"})
	if res := r.apply(o, store.AppTKDN); res.App.Stage != store.StageSubmitted || res.App.Ref() != "TK-2026-0001" {
		t.Errorf("TKDN filed %s %s", res.App.Ref(), res.App.Stage)
	}
}

// Owners taking the last places at the same moment never go past the
// quota: every write goes through the one writer.
func TestLastQuotaPlacesAtOnce(t *testing.T) {
	r := newRig(t, office.WithQuotas(office.Quotas{Halal: 3}, nil))
	const n = 12
	owners := make([]store.Owner, n)
	for i := range owners {
		owners[i] = r.owner(fmt.Sprint("owner", i), "id", store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)})
	}
	var wg sync.WaitGroup
	for _, o := range owners {
		wg.Go(func() {
			err := r.db.Update(context.Background(), func(tx *store.Tx) error {
				_, err := r.off.Apply(tx, o, store.AppHalal, store.Answers{}, "")
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r.db.View(context.Background(), func(tx *store.ReadTx) error {
		used, err := tx.QuotaUsed(store.AppHalal, 2026)
		_, waiting, err2 := tx.FindApplications(store.ApplicationFilter{Stage: store.StageWaiting})
		if err != nil || err2 != nil || used != 3 || waiting != n-3 {
			t.Errorf("used %d, waiting %d (%v %v); want 3 and %d", used, waiting, err, err2, n-3)
		}
		return nil
	})
}

// An officer's move tells the owner, in the owner's language, on the
// chat they wrote from last: the stage, the note, what happens next, and
// the safety line; on perlu_perbaikan what to fix, on terbit the
// certificate.
func TestMoveTellsTheOwner(t *testing.T) {
	r := newRig(t)
	chat := store.ChatKey{Channel: "whatsapp", Address: "6281234567890@s.whatsapp.net"}
	o := r.owner("Wa Ode Sari", "id", chat)
	a := r.apply(o, store.AppHalal).App
	steps := []struct {
		m     store.Move
		wants []string
	}{
		{store.Move{From: "diajukan", To: "verifikasi_dinas", Note: "data lengkap"},
			[]string{"HL-2026-0001", "Diperiksa Dinas", "Catatan petugas: data lengkap", "Pendamping PPH", "tidak pernah meminta uang"}},
		{store.Move{From: "verifikasi_dinas", To: "perlu_perbaikan", Note: "foto produk belum ada"},
			[]string{"perlu perbaikan", "Yang perlu diperbaiki: foto produk belum ada", "kode OTP"}},
		{store.Move{From: "perlu_perbaikan", To: "verifikasi_dinas"}, []string{"Diperiksa Dinas", "halal.go.id"}},
	}
	for i, s := range steps {
		s.m.ID = a.ID
		if _, err := r.move(s.m); err != nil {
			t.Fatalf("%s -> %s: %v", s.m.From, s.m.To, err)
		}
		rows := r.outbox()[chat]
		if len(rows) != i+1 {
			t.Fatalf("after move %d the owner has %d notices", i+1, len(rows))
		}
		text := rows[i].Reply.Text
		for _, w := range s.wants {
			if !strings.Contains(text, w) {
				t.Errorf("notice of %s -> %s lacks %q:\n%s", s.m.From, s.m.To, w, text)
			}
		}
		if rows[i].Kind != store.KindNotice || rows[i].OwnerID != o.ID {
			t.Errorf("notice kind %q owner %d", rows[i].Kind, rows[i].OwnerID)
		}
	}
	if strings.Contains(r.outbox()[chat][1].Reply.Text, "Catatan petugas") {
		t.Errorf("the fix notice repeats the note as a note")
	}
}

func TestMoveToIssuedTellsTheCertificate(t *testing.T) {
	r := newRig(t)
	chat := store.ChatKey{Channel: "telegram", Address: "7"}
	o := r.owner("Budi", "en", chat)
	a := r.apply(o, store.AppTKDN).App
	for _, m := range []store.Move{{From: "diajukan", To: "verifikasi_dokumen"}, {From: "verifikasi_dokumen", To: "penilaian"}} {
		m.ID = a.ID
		if _, err := r.move(m); err != nil {
			t.Fatal(err)
		}
	}
	issue := store.Move{ID: a.ID, From: "penilaian", To: "terbit", CertNo: "TKDN-IK-2026-0451"}
	if _, err := r.move(issue); !errors.Is(err, office.ErrCertPercent) {
		t.Errorf("TKDN terbit without percentage and validity: %v", err)
	}
	issue.TKDNPercent, issue.ValidUntil = 47.5, "2020-01-01"
	if _, err := r.move(issue); !errors.Is(err, office.ErrCertValidity) {
		t.Errorf("TKDN terbit valid until a day past: %v", err)
	}
	issue.ValidUntil = "2031-12-01"
	if _, err := r.move(issue); err != nil {
		t.Fatal(err)
	}
	rows := r.outbox()[chat]
	text := rows[len(rows)-1].Reply.Text
	for _, w := range []string{"TK-2026-0001", "TKDN-IK-2026-0451", "47.5%", "01/12/2031", "SIINas", "never asks for money"} {
		if !strings.Contains(text, w) {
			t.Errorf("issued notice (English) lacks %q:\n%s", w, text)
		}
	}
}

func TestMoveNeedsANoteWhereTheOwnerMustKnowWhy(t *testing.T) {
	r := newRig(t)
	o := r.owner("Ani", "id", store.ChatKey{Channel: "telegram", Address: "1"})
	a := r.apply(o, store.AppHalal).App
	for _, to := range []string{"perlu_perbaikan", "ditolak"} {
		if _, err := r.move(store.Move{ID: a.ID, From: "diajukan", To: to, Note: "  "}); !errors.Is(err, office.ErrNoteNeeded) {
			t.Errorf("%s without a note: %v", to, err)
		}
	}
	if _, err := r.move(store.Move{ID: a.ID, From: "verifikasi_dinas", To: "pendampingan_pph"}); !errors.Is(err, store.ErrStale) {
		t.Errorf("from a stage it is not in: %v, want ErrStale", err)
	}
	if n := len(r.outbox()[store.ChatKey{Channel: "telegram", Address: "1"}]); n != 0 {
		t.Errorf("%d notices for refused moves", n)
	}
}

// Every stage in the database has a name and a next step in every
// language.
func TestEveryStageHasItsWords(t *testing.T) {
	r := newRig(t)
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{store.AppHalal, store.AppTKDN} {
		var stages []store.Stage
		r.db.View(context.Background(), func(tx *store.ReadTx) (err error) { stages, err = tx.Stages(kind); return err })
		if len(stages) == 0 {
			t.Fatalf("no stages of %s", kind)
		}
		for _, s := range stages {
			for _, lang := range locales.Languages {
				for _, id := range []string{"stage_" + kind + "_" + s.Code, "stage_" + kind + "_" + s.Code + "_next", "stage_actor_" + s.Actor} {
					if !cat.Has(lang, id) {
						t.Errorf("%s lacks %s", lang, id)
					}
				}
			}
		}
	}
}

func TestRekap(t *testing.T) {
	r := newRig(t, office.WithQuotas(office.Quotas{Halal: 120, TKDNTarget: 125}, nil))
	for i := range 3 {
		o := r.owner(fmt.Sprint("o", i), "id", store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)})
		r.apply(o, store.AppHalal)
		r.apply(o, store.AppTKDN)
	}
	var rk office.Rekap
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) { rk, err = r.off.Rekap(tx, 2026); return err })
	if len(rk.Kinds) != 2 {
		t.Fatalf("%+v", rk)
	}
	h, k := rk.Kinds[0], rk.Kinds[1]
	if h.Kind != "halal" || h.YearFiled != 3 || h.Quota != 120 || h.QuotaUsed != 3 || k.Kind != "tkdn" || k.Target != 125 || k.AllFiled != 3 {
		t.Errorf("rekap %+v", rk)
	}
}
