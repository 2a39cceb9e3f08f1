package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

const trainingsUsage = `usage: sobat-ikm [-db FILE] trainings COMMAND [arguments] [flags]

The office's trainings, on the bot's database, beside a running bot or not.
Owners sign up in chat; participants get reminders 3 days and 1 day before
at 08:00 WITA.

commands:
  create -title T -kind pelatihan|bimtek|studi_banding -start WHEN -end WHEN -venue V -quota N -by NAME
         [-deadline WHEN] [-binaan] [-sectors a,b] [-kecamatan a,b] [-invite IKM-000001,IKM-000002]
                                 WHEN as people write it: "12/12/2026 08.00", "12 des jam 9", "senin depan jam 9"
  list                           the trainings to come, with seats taken
  show ID                        the training in full, with seats taken and the waiting list
  participants ID [-o FILE.csv|FILE.xlsx] [-sep ;]
                                 who has a seat (and whether they came), then the waiting list;
                                 with -o, written for Excel (readable by you only: it holds phone numbers)
  attendance ID -by NAME [-came IKM-000001,IKM-000002] [-absent IKM-000003]
                                 who came, once it has started; it feeds rekap
  reschedule ID -start WHEN -end WHEN -by NAME
                                 everyone is told; reminders are planned again
  cancel ID -by NAME [-note TEXT]  everyone is told; reminders are cancelled

  sobat-ikm outbox [-kind reminder|notice|broadcast|reply]
                                 what is planned to be sent, and when (a command of its own)
`

// runTrainings runs "sobat-ikm trainings COMMAND ...".
func runTrainings(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "trainings", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	return r.runGroup(args, trainingsUsage, map[string]func([]string) int{
		"create":       func(a []string) int { return r.createTraining(ctx, a) },
		"list":         func(a []string) int { return r.listTrainings(ctx, a) },
		"show":         func(a []string) int { return r.showTraining(ctx, a) },
		"participants": func(a []string) int { return r.trainingParticipants(ctx, a) },
		"attendance":   func(a []string) int { return r.trainingAttendance(ctx, a) },
		"reschedule":   func(a []string) int { return r.rescheduleTraining(ctx, a) },
		"cancel":       func(a []string) int { return r.cancelTraining(ctx, a) },
	})
}

// when reads a date and time as people write it, or says why not.
func (r ownersRun) when(name, s string) (time.Time, bool) {
	t, hasTime, ok := understand.ParseDateTime(s, r.now(), office.WITA())
	if !ok || !hasTime {
		fmt.Fprintf(r.stderr, "sobat-ikm %s: %s %q: want a date and time to come, such as \"12/12/2026 08.00\" or \"senin depan jam 9\"\n", r.group, name, s)
		return time.Time{}, false
	}
	return t, true
}

func (r ownersRun) createTraining(ctx context.Context, args []string) int {
	fs := r.flags("create", trainingsUsage)
	title := fs.String("title", "", "the training's title")
	kind := fs.String("kind", store.TrainingCourse, "pelatihan, bimtek or studi_banding")
	start := fs.String("start", "", "when it starts")
	end := fs.String("end", "", "when it ends")
	venue := fs.String("venue", "", "where")
	quota := fs.Int("quota", 0, "how many seats")
	deadline := fs.String("deadline", "", "the last moment to sign up (default: until it starts)")
	binaan := fs.Bool("binaan", false, "binaan IKM only")
	sectors := fs.String("sectors", "", "these sectors only (comma list)")
	kecamatan := fs.String("kecamatan", "", "these kecamatan only (comma list)")
	invite := fs.String("invite", "", "these owners only (registration numbers, comma list)")
	by := fs.String("by", "", "the officer who creates it (required)")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	t := store.Training{Title: *title, Kind: *kind, Venue: *venue, Quota: *quota, BinaanOnly: *binaan}
	var ok bool
	if t.StartsAt, ok = r.when("-start", *start); !ok {
		return 2
	}
	if t.EndsAt, ok = r.when("-end", *end); !ok {
		return 2
	}
	if *deadline != "" {
		if t.Deadline, ok = r.when("-deadline", *deadline); !ok {
			return 2
		}
	}
	t.Sectors, t.Kecamatan = splitFlag(*sectors), splitFlag(*kecamatan)
	for _, s := range splitFlag(*invite) {
		id, err := office.ParseRegNo(s)
		if err != nil {
			fmt.Fprintf(r.stderr, "%s: -invite: %q is not a registration number\n", fs.Name(), s)
			return 2
		}
		t.Invited = append(t.Invited, id)
	}
	d, name, code := r.officerDesk(ctx, fs.Name(), *by)
	if d == nil {
		return code
	}
	defer d.db.Close()
	err := d.db.Update(ctx, func(tx *store.Tx) error { return d.off.CreateTraining(tx, office.Actor{Name: name}, &t) })
	if errors.Is(err, office.ErrTrainingInvalid) {
		fmt.Fprintf(r.stderr, "%s: %v\n", fs.Name(), err)
		return 2
	}
	if err != nil {
		return r.fail("create", err)
	}
	fmt.Fprintf(r.stdout, "%d %s: %s, %s (%d kursi)\n", t.ID, t.Title, d.off.TrainingWhen(d.lang, t), t.Venue, t.Quota)
	return 0
}

// officerDesk opens the database for a change by the officer -by names;
// on a mistake it has said why and returns nil with the exit code.
func (r ownersRun) officerDesk(ctx context.Context, cmd, by string) (*desk, string, int) {
	if strings.TrimSpace(by) == "" {
		fmt.Fprintf(r.stderr, "%s: -by NAME is required: who does it goes in the audit log\n", cmd)
		return nil, "", 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return nil, "", r.fail(strings.TrimPrefix(cmd, "sobat-ikm "+r.group+" "), err)
	}
	name, ok := r.officer(r.flags("", ""), d, by)
	if !ok {
		d.db.Close()
		return nil, "", 2
	}
	return d, name, 0
}

func splitFlag(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r ownersRun) listTrainings(ctx context.Context, args []string) int {
	fs := r.flags("list", trainingsUsage)
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("list", err)
	}
	defer d.db.Close()
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	err = d.db.View(ctx, func(tx *store.ReadTx) error {
		ts, err := tx.UpcomingTrainings(r.now(), 100)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "ID\tJUDUL\tWAKTU\tTEMPAT\tKURSI\tTUNGGU")
		for _, t := range ts {
			seats, err := tx.CountSeats(t.ID)
			if err != nil {
				return err
			}
			waiting, err := tx.Enrollments(t.ID, store.EnrollWaiting)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d/%d\t%d\n", t.ID, t.Title, d.off.TrainingWhen(d.lang, t), t.Venue, seats, t.Quota, len(waiting))
		}
		return nil
	})
	if err != nil {
		return r.fail("list", err)
	}
	w.Flush()
	return 0
}

// trainingID reads a training's id argument.
func (r ownersRun) trainingID(cmd, s string) (int64, bool) { return r.idArg(cmd, s, "training") }

// idArg reads the id of one of the group's records (a training, a
// broadcast) given as an argument; a bad one is said, with where the ids
// are listed.
func (r ownersRun) idArg(cmd, s, what string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(r.stderr, "sobat-ikm %s %s: %q is not a %s's id (see %s list)\n", r.group, cmd, s, what, r.group)
		return 0, false
	}
	return id, true
}

// onRecord reads a command that acts on one record as an officer: its
// flags, the record's id (parseID), and the desk of the officer -by
// names (by, read once the flags are). d is nil when the command ends
// there, with code.
func (r ownersRun) onRecord(ctx context.Context, fs *flag.FlagSet, cmd string, args []string, by *string,
	parseID func(cmd, s string) (int64, bool)) (d *desk, name string, id int64, code int) {
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return nil, "", 0, code
	}
	if id, ok = parseID(cmd, rest[0]); !ok {
		return nil, "", 0, 2
	}
	d, name, code = r.officerDesk(ctx, fs.Name(), *by)
	return d, name, id, code
}

func (r ownersRun) rescheduleTraining(ctx context.Context, args []string) int {
	fs := r.flags("reschedule", trainingsUsage)
	start := fs.String("start", "", "when it starts now")
	end := fs.String("end", "", "when it ends now")
	by := fs.String("by", "", "the officer (required)")
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.trainingID("reschedule", rest[0])
	if !ok {
		return 2
	}
	s, ok := r.when("-start", *start)
	if !ok {
		return 2
	}
	e, ok := r.when("-end", *end)
	if !ok {
		return 2
	}
	d, name, code := r.officerDesk(ctx, fs.Name(), *by)
	if d == nil {
		return code
	}
	defer d.db.Close()
	var t store.Training
	err := d.db.Update(ctx, func(tx *store.Tx) (err error) {
		t, err = d.off.RescheduleTraining(tx, office.Actor{Name: name}, id, s, e)
		return err
	})
	if err != nil {
		return r.fail("reschedule", err)
	}
	fmt.Fprintf(r.stdout, "%d %s: %s; peserta diberi tahu.\n", t.ID, t.Title, d.off.TrainingWhen(d.lang, t))
	return 0
}

func (r ownersRun) cancelTraining(ctx context.Context, args []string) int {
	fs := r.flags("cancel", trainingsUsage)
	by := fs.String("by", "", "the officer (required)")
	note := fs.String("note", "", "why, for the audit log")
	d, name, id, code := r.onRecord(ctx, fs, "cancel", args, by, r.trainingID)
	if d == nil {
		return code
	}
	defer d.db.Close()
	if err := d.db.Update(ctx, func(tx *store.Tx) error { return d.off.CancelTrainingFor(tx, office.Actor{Name: name}, id, *note) }); err != nil {
		return r.fail("cancel", err)
	}
	fmt.Fprintf(r.stdout, "Pelatihan %d dibatalkan; peserta diberi tahu.\n", id)
	return 0
}

// runOutbox runs "sobat-ikm outbox": what is planned, and when it goes.
func runOutbox(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "outbox", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	fs := r.flags("", trainingsUsage)
	kind := fs.String("kind", "", "only this kind: reply, notice, reminder, broadcast")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("", err)
	}
	defer d.db.Close()
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	err = d.db.View(ctx, func(tx *store.ReadTx) error {
		rows, err := tx.PlannedOutbox(store.Kind(*kind), 500)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "KIRIM (WITA)\tJENIS\tCHAT\tKUNCI\tBERLAKU SAMPAI")
		for _, m := range rows {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", office.ShowTime(m.NotBefore), m.Kind, d.db.Pseudonyms().Of(m.Chat), m.DedupeKey, office.ShowTime(m.ExpiresAt))
		}
		return nil
	})
	if err != nil {
		return r.fail("", err)
	}
	w.Flush()
	return 0
}
