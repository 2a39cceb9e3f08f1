package office

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/store"
)

// ActionTrainingAttendance is the audit log's action of marking who came.
const ActionTrainingAttendance = "training.attendance"

// ErrNotStarted: attendance is marked once a training has started.
var ErrNotStarted = errors.New("office: attendance is marked once the training has started")

// Participant is an owner on a training's list: a seat or the waiting
// list, at a position (1: first), and, for a seat, whether they came
// (nil: not marked yet).
type Participant struct {
	Owner    store.Owner
	Status   string
	Position int
	Attended *bool
}

// Participants reads a training and who has a seat in it, then who waits,
// each in the order they signed up. Erased owners are gone from it.
func (o *Office) Participants(r store.Reader, id int64) (store.Training, []Participant, error) {
	t, err := r.FindTraining(id)
	if err != nil {
		return store.Training{}, nil, fmt.Errorf("office: participants: %w", err)
	}
	var out []Participant
	for _, status := range []string{store.EnrollSeat, store.EnrollWaiting} {
		list, err := r.Enrollments(id, status)
		if err != nil {
			return store.Training{}, nil, fmt.Errorf("office: participants: %w", err)
		}
		n := 0
		for _, e := range list {
			owner, err := r.FindOwnerByID(e.OwnerID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return store.Training{}, nil, fmt.Errorf("office: participants: %w", err)
			}
			n++
			out = append(out, Participant{Owner: owner, Status: status, Position: n, Attended: e.Attended})
		}
	}
	return t, out, nil
}

// Attendance is what marking attendance did: how many seats it marked,
// and the owners named who have no seat in the training (nothing was
// written for them).
type Attendance struct {
	Marked int
	NoSeat []int64
}

// MarkAttendance records that the owners came to a training (came) or did
// not. Only seats are marked, once the training has started; marking again
// changes the mark. One audit entry names who was marked.
func (o *Office) MarkAttendance(tx *store.Tx, by Actor, id int64, owners []int64, came bool) (Attendance, error) {
	if err := checkAction(by, ""); err != nil {
		return Attendance{}, err
	}
	now := o.now()
	t, err := tx.FindTraining(id)
	if err != nil {
		return Attendance{}, fmt.Errorf("office: attendance: %w", err)
	}
	if t.Cancelled {
		return Attendance{}, ErrTrainingClosed
	}
	if now.Before(t.StartsAt) {
		return Attendance{}, ErrNotStarted
	}
	var res Attendance
	var marked []string
	for _, ownerID := range owners {
		ok, err := tx.SetAttended(id, ownerID, came, now)
		if err != nil {
			return Attendance{}, fmt.Errorf("office: attendance: %w", err)
		}
		if !ok {
			res.NoSeat = append(res.NoSeat, ownerID)
			continue
		}
		res.Marked++
		marked = append(marked, store.Owner{ID: ownerID}.RegNo())
	}
	if res.Marked == 0 {
		return res, nil
	}
	mark := "hadir"
	if !came {
		mark = "tidak hadir"
	}
	_, err = o.audit(tx, by, now, ActionTrainingAttendance, AuditTraining, id, mark+": "+strings.Join(marked, ", "))
	return res, err
}

// TrainingRekap is the office's numbers of trainings in a year: those
// held, the owners who came (all and per sector, in Sectors' order) and
// the seats they filled.
type TrainingRekap struct {
	Held, Owners, Attendances int
	BySector                  []SectorTally
}

// SectorTally is a count of a sector.
type SectorTally struct {
	Sector string
	N      int
}

// trainingRekap counts the year's trainings (in WITA) as of now.
func (o *Office) trainingRekap(r store.Reader, year int) (TrainingRekap, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, WITA())
	c, err := r.CountTrainings(from, from.AddDate(1, 0, 0), o.now())
	if err != nil {
		return TrainingRekap{}, fmt.Errorf("office: rekap: %w", err)
	}
	rk := TrainingRekap{Held: c.Held, Owners: c.Owners, Attendances: c.Attendances}
	for _, s := range Sectors() {
		if n := c.BySector[s]; n > 0 {
			rk.BySector = append(rk.BySector, SectorTally{Sector: s, N: n})
		}
	}
	return rk, nil
}

// ExportParticipants writes a training's participants, then its waiting
// list, as ExportOwners writes owners (CSV for spreadsheets, or XLSX), and
// returns how many it wrote.
func (o *Office) ExportParticipants(r store.Reader, w io.Writer, id int64, lang string, format Format) (int, error) {
	_, ps, err := o.Participants(r, id)
	if err != nil {
		return 0, err
	}
	t := func(msg string) string { return o.cat.Text(lang, msg, nil) }
	sh, err := newSheet(w, format, []string{t("training_col_status"), t("training_col_no"), t("office_col_regno"),
		t("office_col_name"), t("office_col_business"), t("office_col_sector"), t("office_col_kecamatan"),
		t("office_col_phone"), t("training_col_attended")})
	if err != nil {
		return 0, err
	}
	exact := []bool{false, false, false, false, false, false, false, true, false}
	for _, p := range ps {
		row := []string{o.ParticipantStatus(lang, p), strconv.Itoa(p.Position), p.Owner.RegNo(), p.Owner.Name,
			p.Owner.BusinessName, o.SectorName(lang, p.Owner.Sector), p.Owner.Kecamatan, p.Owner.Phone, o.AttendedLabel(lang, p)}
		if err := sh.write(row, exact); err != nil {
			return 0, err
		}
	}
	return len(ps), sh.close()
}

// ParticipantStatus names a participant's place in lang: a seat, or the
// waiting list.
func (o *Office) ParticipantStatus(lang string, p Participant) string {
	return o.cat.Text(lang, "training_status_"+p.Status, nil)
}

// AttendedLabel says whether a participant came, in lang ("" for the
// waiting list and for a seat not marked yet).
func (o *Office) AttendedLabel(lang string, p Participant) string {
	switch {
	case p.Status != store.EnrollSeat || p.Attended == nil:
		return ""
	case *p.Attended:
		return o.cat.Text(lang, "training_attended_yes", nil)
	}
	return o.cat.Text(lang, "training_attended_no", nil)
}
