package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// The trainings' list shows those starting from trainingsBack ago on, at
// most trainingsShown of them.
const (
	trainingsBack  = 60 * 24 * time.Hour
	trainingsShown = 200
)

// localLayout is how a datetime-local field writes a time (read in WITA).
const localLayout = "2006-01-02T15:04"

// readLocal reads a datetime-local field's value in WITA; ok is false
// when it is empty or not a time.
func readLocal(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{localLayout, "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, office.WITA()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// showLocal writes t for a datetime-local field, in WITA ("" for zero).
func showLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(office.WITA()).Format(localLayout)
}

// trainingID reads the training's id of the path; ok is false when it is
// not one.
func trainingID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// listedTraining is a training as the list shows it.
type listedTraining struct {
	store.Training
	Kind    string // its label
	When    string
	Seats   int
	Waiting int
}

// option is a choice of a form: a select's option or a checkbox.
type option struct {
	Value, Label string
	Checked      bool
}

// trainingForm is the new training's form, as typed.
type trainingForm struct {
	Title, Kind, Starts, Ends, Venue, Quota, Deadline, Invited string
	BinaanOnly                                                 bool
	Kinds, Sectors, Kecamatan                                  []option
}

type trainingsPage struct {
	Trainings []listedTraining
	Form      trainingForm
	Error     string // why the new training was refused (a message id)
	RegNo     string // the registration number refused
}

// newTrainingForm is the form as r posted it (empty for a GET).
func (s *Server) newTrainingForm(r *http.Request) trainingForm {
	l := lang(r)
	f := trainingForm{Title: r.PostFormValue("title"), Kind: r.PostFormValue("kind"), Starts: r.PostFormValue("starts"),
		Ends: r.PostFormValue("ends"), Venue: r.PostFormValue("venue"), Quota: r.PostFormValue("quota"),
		Deadline: r.PostFormValue("deadline"), Invited: r.PostFormValue("invited"), BinaanOnly: r.PostFormValue("binaan_only") == "on"}
	for _, k := range []string{store.TrainingCourse, store.TrainingBimtek, store.TrainingTour} {
		f.Kinds = append(f.Kinds, option{Value: k, Label: s.cfg.Catalog.Text(l, "training_kind_"+k, nil), Checked: f.Kind == k})
	}
	for _, sec := range office.Sectors() {
		f.Sectors = append(f.Sectors, option{Value: sec, Label: s.cfg.Office.SectorName(l, sec), Checked: slices.Contains(r.PostForm["sector"], sec)})
	}
	for _, k := range understand.KecamatanNames() {
		f.Kecamatan = append(f.Kecamatan, option{Value: k, Label: k, Checked: slices.Contains(r.PostForm["kecamatan"], k)})
	}
	return f
}

// training reads the form's training; problem is the message id saying
// why it is refused ("" when it is not), and regno the registration
// number refused.
func (f trainingForm) training(now time.Time) (t store.Training, problem, regno string) {
	t = store.Training{Title: strings.TrimSpace(f.Title), Kind: f.Kind, Venue: strings.TrimSpace(f.Venue), BinaanOnly: f.BinaanOnly}
	var okStart, okEnd bool
	t.StartsAt, okStart = readLocal(f.Starts)
	t.EndsAt, okEnd = readLocal(f.Ends)
	quota, err := strconv.Atoi(strings.TrimSpace(f.Quota))
	t.Quota = quota
	if t.Title == "" || t.Venue == "" || err != nil || quota <= 0 || !okStart || !okEnd || t.EndsAt.Before(t.StartsAt) ||
		!slices.ContainsFunc(f.Kinds, func(o option) bool { return o.Value == f.Kind }) {
		return t, "web_training_invalid", ""
	}
	if !t.StartsAt.After(now) {
		return t, "web_training_past", ""
	}
	if strings.TrimSpace(f.Deadline) != "" {
		d, ok := readLocal(f.Deadline)
		if !ok || d.After(t.StartsAt) {
			return t, "web_training_deadline_late", ""
		}
		t.Deadline = d
	}
	for _, o := range f.Sectors {
		if o.Checked {
			t.Sectors = append(t.Sectors, o.Value)
		}
	}
	for _, o := range f.Kecamatan {
		if o.Checked {
			t.Kecamatan = append(t.Kecamatan, o.Value)
		}
	}
	for _, v := range strings.FieldsFunc(f.Invited, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		id, err := office.ParseRegNo(v)
		if err != nil {
			return t, "web_training_bad_regno", v
		}
		if !slices.Contains(t.Invited, id) {
			t.Invited = append(t.Invited, id)
		}
	}
	return t, "", ""
}

func (s *Server) trainings(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	s.showTrainings(w, r, t, http.StatusOK, trainingsPage{Form: s.newTrainingForm(r)})
}

// showTrainings renders the list, with the new training's form as p has
// it.
func (s *Server) showTrainings(w http.ResponseWriter, r *http.Request, t store.WebToken, code int, p trainingsPage) {
	l := lang(r)
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		list, err := tx.Trainings(s.cfg.Now().Add(-trainingsBack), trainingsShown)
		if err != nil {
			return err
		}
		for _, tr := range list {
			lt := listedTraining{Training: tr, Kind: s.cfg.Catalog.Text(l, "training_kind_"+tr.Kind, nil), When: s.cfg.Office.TrainingWhen(l, tr)}
			if lt.Seats, err = tx.CountSeats(tr.ID); err != nil {
				return err
			}
			waiting, err := tx.Enrollments(tr.ID, store.EnrollWaiting)
			if err != nil {
				return err
			}
			lt.Waiting = len(waiting)
			p.Trainings = append(p.Trainings, lt)
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	s.render(w, r, code, "trainings", t.Officer, t.CSRF, p)
}

// unknownOwner is an invited registration number no owner has.
type unknownOwner struct{ regno string }

func (e unknownOwner) Error() string { return "web: no owner " + e.regno }

// createTraining adds a training through the office; a refused form is
// shown again as typed, with why.
func (s *Server) createTraining(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	f := s.newTrainingForm(r)
	tr, problem, regno := f.training(s.cfg.Now())
	if problem == "" {
		err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
			for _, id := range tr.Invited {
				if _, err := tx.FindOwnerByID(id); errors.Is(err, store.ErrNotFound) {
					return unknownOwner{regno: store.Owner{ID: id}.RegNo()}
				} else if err != nil {
					return err
				}
			}
			return s.cfg.Office.CreateTraining(tx, by, &tr)
		})
		var unknown unknownOwner
		switch {
		case errors.As(err, &unknown):
			problem, regno = "web_training_no_owner", unknown.regno
		case errors.Is(err, office.ErrTrainingInvalid):
			problem = "web_training_invalid"
		case err != nil:
			s.fail(w, r, t, err)
			return
		default:
			http.Redirect(w, r, "/trainings/"+strconv.FormatInt(tr.ID, 10)+"?done=created", http.StatusSeeOther)
			return
		}
	}
	s.showTrainings(w, r, t, http.StatusUnprocessableEntity, trainingsPage{Form: f, Error: problem, RegNo: regno})
}

// participantRow is a participant as the training's page shows them.
type participantRow struct {
	office.Participant
	Sector string
	Mark   string // whether they came, "" when not marked yet
	Came   bool
}

type trainingPage struct {
	Training         store.Training
	Kind, When       string
	Seats            []participantRow
	Waiting          []participantRow
	Who              []string // who may join, besides those invited
	Invited          []string // the registration numbers invited
	Started          bool
	AttendanceOpen   bool   // the attendance form is shown
	Starts, Ends     string // the reschedule form's values
	Error, Done      string // message ids
	RescheduleFailed bool   // the error is the reschedule form's
}

func (s *Server) trainingData(tx store.Reader, lang string, id int64) (trainingPage, error) {
	tr, ps, err := s.cfg.Office.Participants(tx, id)
	if err != nil {
		return trainingPage{}, err
	}
	text := func(msg string, kv ...any) string {
		data := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
		return s.cfg.Catalog.Text(lang, msg, data)
	}
	p := trainingPage{Training: tr, Kind: text("training_kind_" + tr.Kind), When: s.cfg.Office.TrainingWhen(lang, tr),
		Started: !s.cfg.Now().Before(tr.StartsAt), Starts: showLocal(tr.StartsAt), Ends: showLocal(tr.EndsAt)}
	for _, pt := range ps {
		row := participantRow{Participant: pt, Sector: s.cfg.Office.SectorName(lang, pt.Owner.Sector),
			Mark: s.cfg.Office.AttendedLabel(lang, pt), Came: pt.Attended != nil && *pt.Attended}
		if pt.Status == store.EnrollSeat {
			p.Seats = append(p.Seats, row)
		} else {
			p.Waiting = append(p.Waiting, row)
		}
	}
	p.AttendanceOpen = p.Started && !tr.Cancelled && len(p.Seats) > 0
	if tr.BinaanOnly {
		p.Who = append(p.Who, text("web_training_who_binaan"))
	}
	if len(tr.Sectors) > 0 {
		var names []string
		for _, sec := range tr.Sectors {
			names = append(names, s.cfg.Office.SectorName(lang, sec))
		}
		p.Who = append(p.Who, text("web_training_who_sectors", "List", strings.Join(names, ", ")))
	}
	if len(tr.Kecamatan) > 0 {
		p.Who = append(p.Who, text("web_training_who_kecamatan", "List", strings.Join(tr.Kecamatan, ", ")))
	}
	for _, id := range tr.Invited {
		p.Invited = append(p.Invited, store.Owner{ID: id}.RegNo())
	}
	if len(p.Who) == 0 && len(p.Invited) == 0 {
		p.Who = append(p.Who, text("training_for_all"))
	}
	return p, nil
}

func (s *Server) training(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	p := trainingPage{}
	p.Done = doneMessage(r, "web_training_done_", "created", "attendance", "rescheduled", "cancelled")
	s.showTraining(w, r, t, http.StatusOK, p)
}

// showTraining renders a training's page, saying what p says was done
// or refused; a reschedule refused keeps what was typed.
func (s *Server) showTraining(w http.ResponseWriter, r *http.Request, t store.WebToken, code int, said trainingPage) {
	id, ok := trainingID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	var p trainingPage
	if !s.view(w, r, t, func(tx *store.ReadTx) (err error) {
		p, err = s.trainingData(tx, lang(r), id)
		return err
	}) {
		return
	}
	p.Error, p.Done, p.RescheduleFailed = said.Error, said.Done, said.RescheduleFailed
	if said.RescheduleFailed {
		p.Starts, p.Ends = said.Starts, said.Ends
	}
	s.render(w, r, code, "training", t.Officer, t.CSRF, p)
}

// trainingDone goes back to a training's page, saying what was done.
func trainingDone(w http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(w, r, "/trainings/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
}

// postedIDs are the owner ids a form posted under name.
func postedIDs(r *http.Request, name string) []int64 {
	var ids []int64
	for _, v := range r.PostForm[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// attendance marks who came: the seats checked came, the other seats the
// form listed did not.
func (s *Server) attendance(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := trainingID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	listed, checked := postedIDs(r, "seat"), postedIDs(r, "came")
	var came, absent []int64
	for _, o := range listed {
		if slices.Contains(checked, o) {
			came = append(came, o)
		} else {
			absent = append(absent, o)
		}
	}
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		if _, err := tx.FindTraining(id); err != nil {
			return err
		}
		if _, err := s.cfg.Office.MarkAttendance(tx, by, id, came, true); err != nil {
			return err
		}
		_, err := s.cfg.Office.MarkAttendance(tx, by, id, absent, false)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, office.ErrNotStarted):
		s.showTraining(w, r, t, http.StatusConflict, trainingPage{Error: "web_training_attendance_later"})
	case errors.Is(err, office.ErrTrainingClosed):
		s.showTraining(w, r, t, http.StatusConflict, trainingPage{Error: "web_training_closed"})
	case err != nil:
		s.fail(w, r, t, err)
	default:
		trainingDone(w, r, id, "attendance")
	}
}

// reschedule moves a training: everyone signed up is told by the office.
func (s *Server) reschedule(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := trainingID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	typed := trainingPage{Starts: r.PostFormValue("starts"), Ends: r.PostFormValue("ends"), RescheduleFailed: true}
	starts, okStart := readLocal(typed.Starts)
	ends, okEnd := readLocal(typed.Ends)
	switch {
	case !okStart || !okEnd || ends.Before(starts):
		typed.Error = "web_training_bad_times"
		s.showTraining(w, r, t, http.StatusUnprocessableEntity, typed)
		return
	case !starts.After(s.cfg.Now()):
		typed.Error = "web_training_past"
		s.showTraining(w, r, t, http.StatusUnprocessableEntity, typed)
		return
	}
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		_, err := s.cfg.Office.RescheduleTraining(tx, by, id, starts, ends)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, office.ErrTrainingClosed):
		typed.Error = "web_training_closed"
		s.showTraining(w, r, t, http.StatusConflict, typed)
	case errors.Is(err, office.ErrTrainingInvalid):
		typed.Error = "web_training_bad_times"
		s.showTraining(w, r, t, http.StatusUnprocessableEntity, typed)
	case err != nil:
		s.fail(w, r, t, err)
	default:
		s.cfg.Notify("telegram", "whatsapp", "console")
		trainingDone(w, r, id, "rescheduled")
	}
}

// cancelTraining cancels a training once the officer confirms: everyone
// signed up is told by the office.
func (s *Server) cancelTraining(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := trainingID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	if r.PostFormValue("confirm") != "on" {
		s.showTraining(w, r, t, http.StatusUnprocessableEntity, trainingPage{Error: "web_training_confirm"})
		return
	}
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		return s.cfg.Office.CancelTrainingFor(tx, by, id, r.PostFormValue("note"))
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, office.ErrNoteTooLong):
		s.showTraining(w, r, t, http.StatusUnprocessableEntity, trainingPage{Error: "web_move_long"})
	case err != nil:
		s.fail(w, r, t, err)
	default:
		s.cfg.Notify("telegram", "whatsapp", "console")
		trainingDone(w, r, id, "cancelled")
	}
}

// exportParticipants downloads a training's participants, then its
// waiting list.
func (s *Server) exportParticipants(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	id, ok := trainingID(r)
	if ok {
		err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
			_, err := tx.FindTraining(id)
			return err
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, t, err)
			return
		}
		ok = err == nil
	}
	if !ok {
		s.notFound(w, r, t)
		return
	}
	s.exportHeaders(w, r, "peserta-"+strconv.FormatInt(id, 10))
	if r.Method == http.MethodHead {
		return // (the headers only: no export is run)
	}
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		_, err := s.cfg.Office.ExportParticipants(tx, w, id, lang(r), exportFormat(r))
		return err
	})
	if err != nil {
		s.cfg.Log.Error("web: export", "err", err)
	}
}
