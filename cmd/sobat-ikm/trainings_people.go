package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// participants reads a training and its participants for a command,
// saying why not on a mistake (a training that does not exist).
func (r ownersRun) participants(ctx context.Context, d *desk, cmd string, id int64) (store.Training, []office.Participant, bool) {
	var t store.Training
	var ps []office.Participant
	err := d.db.View(ctx, func(tx *store.ReadTx) (err error) {
		t, ps, err = d.off.Participants(tx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(r.stderr, "sobat-ikm trainings %s: no training %d (see trainings list)\n", cmd, id)
		return t, nil, false
	}
	if err != nil {
		r.fail(cmd, err)
		return t, nil, false
	}
	return t, ps, true
}

func (r ownersRun) showTraining(ctx context.Context, args []string) int {
	fs := r.flags("show", trainingsUsage)
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.trainingID("show", rest[0])
	if !ok {
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("show", err)
	}
	defer d.db.Close()
	t, ps, ok := r.participants(ctx, d, "show", id)
	if !ok {
		return 1
	}
	seats, waiting, came := 0, 0, 0
	for _, p := range ps {
		switch {
		case p.Status == store.EnrollWaiting:
			waiting++
		default:
			seats++
			if p.Attended != nil && *p.Attended {
				came++
			}
		}
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	line := func(k string, v any) { fmt.Fprintf(w, "%s\t%v\n", k, v) }
	line(d.t("newtraining_field_title"), fmt.Sprintf("%s (%d)", t.Title, t.ID))
	line(d.t("newtraining_field_kind"), d.t("training_kind_"+t.Kind))
	line(d.t("training_col_status"), d.off.TrainingStatus(d.lang, t))
	line(d.t("newtraining_field_start"), d.off.TrainingWhen(d.lang, t))
	line(d.t("newtraining_field_venue"), t.Venue)
	line(d.t("newtraining_field_quota"), fmt.Sprintf("%d/%d", seats, t.Quota))
	line(d.t("training_status_waiting"), waiting)
	line(d.t("newtraining_field_who"), d.off.WhoMayJoin(d.lang, t))
	deadline := d.t("newtraining_no_deadline")
	if !t.Deadline.IsZero() {
		deadline = office.ShowTime(t.Deadline)
	}
	line(d.t("newtraining_field_deadline"), deadline)
	line(d.t("training_col_attended"), fmt.Sprintf("%d/%d", came, seats))
	w.Flush()
	return 0
}

func (r ownersRun) trainingParticipants(ctx context.Context, args []string) int {
	fs := r.flags("participants", trainingsUsage)
	out := fs.String("o", "", "write them to this file for Excel: FILE.csv, or FILE.xlsx (- for standard output, as CSV)")
	sep := fs.String("sep", ",", "the CSV's field separator: , or ;")
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.trainingID("participants", rest[0])
	if !ok {
		return 2
	}
	if *sep != "," && *sep != ";" {
		fmt.Fprintf(r.stderr, "%s: -sep %q: want , or ;\n", fs.Name(), *sep)
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("participants", err)
	}
	defer d.db.Close()
	if *out != "" {
		format := office.Format{Sep: rune((*sep)[0]), XLSX: strings.HasSuffix(strings.ToLower(*out), ".xlsx")}
		write := func(w io.Writer) (n int, err error) {
			err = d.db.View(ctx, func(tx *store.ReadTx) (err error) {
				n, err = d.off.ExportParticipants(tx, w, id, d.lang, format)
				return err
			})
			if errors.Is(err, store.ErrNotFound) {
				err = fmt.Errorf("no training %d (see trainings list)", id)
			}
			return n, err
		}
		return r.writeExport(d, *out, write, "training_cli_exported")
	}
	_, ps, ok := r.participants(ctx, d, "participants", id)
	if !ok {
		return 1
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, strings.ToUpper(strings.Join([]string{d.t("training_col_status"), d.t("training_col_no"), d.t("office_col_regno"),
		d.t("office_col_name"), d.t("office_col_business"), d.t("office_col_sector"), d.t("office_col_kecamatan"), d.t("office_col_phone"), d.t("training_col_attended")}, "\t")))
	for _, p := range ps {
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.off.ParticipantStatus(d.lang, p), p.Position, p.Owner.RegNo(), p.Owner.Name,
			p.Owner.BusinessName, d.off.SectorName(d.lang, p.Owner.Sector), p.Owner.Kecamatan, p.Owner.Phone, orDash(d.off.AttendedLabel(d.lang, p)))
	}
	w.Flush()
	return 0
}

func (r ownersRun) trainingAttendance(ctx context.Context, args []string) int {
	fs := r.flags("attendance", trainingsUsage)
	by := fs.String("by", "", "the officer (required)")
	cameList := fs.String("came", "", "the registration numbers of those who came (comma list)")
	absentList := fs.String("absent", "", "the registration numbers of those who did not (comma list)")
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.trainingID("attendance", rest[0])
	if !ok {
		return 2
	}
	var came, absent []int64
	for _, l := range []struct {
		list string
		to   *[]int64
	}{{*cameList, &came}, {*absentList, &absent}} {
		for _, s := range splitFlag(l.list) {
			owner, ok := r.regNo(fs, s)
			if !ok {
				return 2
			}
			*l.to = append(*l.to, owner)
		}
	}
	if len(came)+len(absent) == 0 {
		fmt.Fprintf(r.stderr, "%s: name who came with -came IKM-000001,... (and who did not with -absent)\n", fs.Name())
		return 2
	}
	d, name, code := r.officerDesk(ctx, fs.Name(), *by)
	if d == nil {
		return code
	}
	defer d.db.Close()
	var noSeat []int64
	err := d.db.Update(ctx, func(tx *store.Tx) error {
		noSeat = nil
		for _, mark := range []struct {
			ids  []int64
			came bool
		}{{came, true}, {absent, false}} {
			if len(mark.ids) == 0 {
				continue
			}
			res, err := d.off.MarkAttendance(tx, office.Actor{Name: name}, id, mark.ids, mark.came)
			if err != nil {
				return err
			}
			noSeat = append(noSeat, res.NoSeat...)
		}
		return nil
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(r.stderr, "%s: no training %d (see trainings list)\n", fs.Name(), id)
		return 1
	case errors.Is(err, office.ErrNotStarted), errors.Is(err, office.ErrTrainingClosed):
		fmt.Fprintf(r.stderr, "%s: %s\n", fs.Name(), d.t("otrain_attendance_closed"))
		return 1
	case err != nil:
		return r.fail("attendance", err)
	}
	for _, o := range noSeat {
		fmt.Fprintf(r.stderr, "%s: %s has no seat in training %d: not marked\n", fs.Name(), store.Owner{ID: o}.RegNo(), id)
	}
	fmt.Fprintln(r.stdout, d.t("otrain_attendance_saved", "Present", len(came)-countIn(noSeat, came), "Absent", len(absent)-countIn(noSeat, absent)))
	if len(noSeat) > 0 {
		return 1
	}
	return 0
}

// countIn is how many of ids are in list.
func countIn(ids, list []int64) int {
	n := 0
	for _, id := range ids {
		for _, l := range list {
			if id == l {
				n++
				break
			}
		}
	}
	return n
}
