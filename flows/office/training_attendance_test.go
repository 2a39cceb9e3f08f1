package office_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

func (r *rig) attend(id int64, owners []int64, came bool) (office.Attendance, error) {
	var res office.Attendance
	err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		res, err = r.off.MarkAttendance(tx, rina, id, owners, came)
		return err
	})
	return res, err
}

func (r *rig) rekap() office.Rekap {
	r.t.Helper()
	var rk office.Rekap
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rk, err = r.off.Rekap(tx, 2026)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return rk
}

// Attendance is marked once a training has started, for seats only, and
// feeds the year's numbers: trainings held, owners trained, per sector.
func TestAttendanceFeedsTheNumbers(t *testing.T) {
	r := newRig(t)
	tr := r.training(2, nil)
	var owners []store.Owner
	for i := range 3 {
		owners = append(owners, r.owner(fmt.Sprint("owner", i), "id", store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)}))
		if _, err := r.enroll(owners[i], tr.ID); err != nil {
			t.Fatal(err)
		}
	}
	ids := []int64{owners[0].ID, owners[1].ID, owners[2].ID}
	if _, err := r.attend(tr.ID, ids, true); !errors.Is(err, office.ErrNotStarted) {
		t.Fatalf("attendance before the start: %v", err)
	}
	r.now = tr.StartsAt.Add(time.Hour)
	if rk := r.rekap(); rk.Trainings.Held != 0 || rk.Trainings.Owners != 0 {
		t.Errorf("a training under way counted: %+v", rk.Trainings)
	}
	res, err := r.attend(tr.ID, ids, true)
	if err != nil {
		t.Fatal(err)
	}
	// The third waits: not a seat, not marked.
	if res.Marked != 2 || len(res.NoSeat) != 1 || res.NoSeat[0] != owners[2].ID {
		t.Errorf("marked: %+v", res)
	}
	if _, err := r.attend(tr.ID, []int64{owners[1].ID}, false); err != nil {
		t.Fatal(err)
	}
	r.now = tr.EndsAt.Add(time.Hour)
	rk := r.rekap().Trainings
	if rk.Held != 1 || rk.Owners != 1 || rk.Attendances != 1 || len(rk.BySector) != 1 || rk.BySector[0] != (office.SectorTally{Sector: "pangan", N: 1}) {
		t.Errorf("numbers: %+v", rk)
	}
	var buf bytes.Buffer
	err = r.db.View(context.Background(), func(tx *store.ReadTx) error {
		n, err := r.off.ExportParticipants(tx, &buf, tr.ID, "id", office.Format{Sep: ','})
		if n != 3 {
			t.Errorf("exported %d", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(buf.String(), "\ufeff")), "\r\n")
	want := []string{
		"Status,No.,No. registrasi,Nama pemilik,Nama usaha,Bidang usaha,Kecamatan,Nomor HP,Kehadiran",
		`terdaftar,1,IKM-000001,owner0,Abon owner0,Pangan (makanan & minuman),Kadia,"=""+6281234567890""",hadir`,
		`terdaftar,2,IKM-000002,owner1,Abon owner1,Pangan (makanan & minuman),Kadia,"=""+6281234567890""",tidak hadir`,
		`daftar tunggu,1,IKM-000003,owner2,Abon owner2,Pangan (makanan & minuman),Kadia,"=""+6281234567890""",`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("export:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	var audit []store.AuditEntry
	err = r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		audit, _, err = tx.FindAuditEntries(store.AuditFilter{Limit: 10})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, e := range audit {
		if e.Action == office.ActionTrainingAttendance {
			notes = append(notes, e.Note)
		}
	}
	if strings.Join(notes, "|") != "hadir: IKM-000001, IKM-000002|tidak hadir: IKM-000002" {
		t.Errorf("audit of attendance: %q", notes)
	}
}

// A cancelled training takes no attendance.
func TestAttendanceOfCancelledTraining(t *testing.T) {
	r := newRig(t)
	tr := r.training(2, nil)
	r.update(func(tx *store.Tx) error { return r.off.CancelTrainingFor(tx, rina, tr.ID, "") })
	r.now = tr.StartsAt.Add(time.Hour)
	if _, err := r.attend(tr.ID, []int64{1}, true); !errors.Is(err, office.ErrTrainingClosed) {
		t.Errorf("attendance of a cancelled training: %v", err)
	}
}
