package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// otrainShown is how many trainings the officer's list shows: those of
// the last 30 days (to mark who came) and those to come.
const otrainShown = 9

// otrainDraft is an officer's way through the trainings: the one opened,
// the attendance being marked, the new times being set.
type otrainDraft struct {
	ID      int64      `json:"id,omitempty"`
	Present []int64    `json:"present,omitempty"`
	Absent  []int64    `json:"absent,omitempty"`
	Start   *time.Time `json:"start,omitempty"`
	End     *time.Time `json:"end,omitempty"`
}

// otrainFlow is the officer's work on trainings in chat: the list, one
// opened with its participants and waiting list, attendance, a new
// schedule and a cancellation, each after a confirmation; the same
// office operations as the command line and the web console.
func (e *Engine) otrainFlow() *Flow {
	return &Flow{Name: "otrain", Steps: []*Step{
		choiceStep("list", "otrain_list_help", e.askOtrainList, e.otrainListOptions, e.chooseOtrain),
		{Name: "training", Help: "otrain_training_help", Ask: e.askOtraining, Answer: e.answerOtraining},
		{Name: "attendance", Help: "otrain_attendance_help", Ask: func(c *conv) { c.say("otrain_attendance_ask") }, Answer: e.answerAttendance},
		yesNoStep("attendance_confirm", "officer_confirm_help", "officer_confirm_yes", "officer_confirm_no", e.askAttendanceConfirm, e.answerAttendanceConfirm),
		{Name: "start", Help: "training_when_help", Ask: func(c *conv) { c.say("otrain_start_ask") }, Answer: answerNewStart},
		{Name: "end", Help: "training_end_help", Ask: func(c *conv) { c.say("training_end_ask") }, Answer: answerNewEnd},
		yesNoStep("reschedule_confirm", "officer_confirm_help", "officer_confirm_yes", "officer_confirm_no", e.askRescheduleConfirm, e.answerRescheduleConfirm),
		yesNoStep("cancel_confirm", "officer_confirm_help", "otrain_cancel_yes", "officer_confirm_no", e.askCancelConfirm, e.answerCancelConfirm),
	}}
}

// startOtrain opens the officer's list of trainings.
func (e *Engine) startOtrain(c *conv) {
	c.dropDraft()
	c.goTo("otrain", "list")
}

func (e *Engine) askOtrainList(c *conv) {
	if len(e.otrainListOptions(c)) <= 2 {
		c.say("otrain_list_none")
		return
	}
	c.say("otrain_list_ask")
}

// otrainListOptions are the trainings of the last 30 days and to come,
// soonest first, with seats taken and the waiting list; then "new" and
// "menu".
func (e *Engine) otrainListOptions(c *conv) []understand.Option {
	ts, err := c.tx.Trainings(c.now.AddDate(0, 0, -30), otrainShown)
	if err != nil {
		c.fail(err)
		return nil
	}
	var opts []understand.Option
	for _, t := range ts {
		seats, waiting, err := seatCounts(c.tx, t.ID)
		if err != nil {
			c.fail(err)
			return nil
		}
		label := c.t("otrain_list_item", "Title", t.Title, "Day", t.StartsAt.In(wita).Format("02/01"), "Seats", seats, "Quota", t.Quota, "Waiting", waiting)
		if t.Cancelled {
			label += " " + c.t("otrain_cancelled_mark")
		}
		opts = append(opts, understand.Option{Value: strconv.FormatInt(t.ID, 10), Label: label})
	}
	return append(opts,
		understand.Option{Value: "new", Label: c.t("otrain_new"), Synonyms: []string{"buat", "baru", "buat pelatihan", "tambah", "new"}},
		understand.Option{Value: "menu", Label: c.t("officer_owner_menu"), Synonyms: []string{"menu", "kembali"}})
}

// seatCounts is how many seats of a training are taken and how many
// wait.
func seatCounts(tx store.Reader, id int64) (seats, waiting int, err error) {
	if seats, err = tx.CountSeats(id); err != nil {
		return 0, 0, err
	}
	w, err := tx.Enrollments(id, store.EnrollWaiting)
	return seats, len(w), err
}

func (e *Engine) chooseOtrain(c *conv, v string) error {
	switch v {
	case "new":
		c.dropDraft()
		e.newTraining.Begin(c)
	case "menu":
		c.toMenu()
	default:
		id, _ := strconv.ParseInt(v, 10, 64)
		d := draftOf[otrainDraft](c)
		*d = otrainDraft{ID: id}
		c.goTo("otrain", "training")
	}
	return nil
}

// otraining is the training opened and its participants; false when it
// is gone (the officer is back at the list).
func (e *Engine) otraining(c *conv) (store.Training, []office.Participant, bool) {
	t, ps, err := e.office.Participants(c.tx, draftOf[otrainDraft](c).ID)
	if errors.Is(err, store.ErrNotFound) {
		c.say("otrain_gone")
		c.goTo("otrain", "list")
		return t, nil, false
	}
	if err != nil {
		c.fail(err)
		return t, nil, false
	}
	return t, ps, true
}

// otrainActions are what can be done with a training now: attendance
// once it has started, a new schedule or a cancellation while it has not
// ended.
func otrainActions(c *conv, t store.Training) []understand.Option {
	var opts []understand.Option
	if !t.Cancelled && !c.now.Before(t.StartsAt) {
		opts = append(opts, understand.Option{Value: "attendance", Label: c.t("otrain_action_attendance"), Synonyms: []string{"hadir", "kehadiran", "absen", "absensi", "attendance"}})
	}
	if !t.Cancelled && c.now.Before(t.EndsAt) {
		opts = append(opts,
			understand.Option{Value: "reschedule", Label: c.t("otrain_action_reschedule"), Synonyms: []string{"ubah jadwal", "jadwal", "pindah", "reschedule"}},
			understand.Option{Value: "cancel", Label: c.t("otrain_action_cancel"), Synonyms: []string{"batalkan", "batalkan pelatihan", "cancel"}})
	}
	return append(opts,
		understand.Option{Value: "list", Label: c.t("otrain_action_list"), Synonyms: []string{"daftar", "kembali", "pelatihan lain"}},
		understand.Option{Value: "menu", Label: c.t("officer_owner_menu"), Synonyms: []string{"menu"}})
}

// askOtraining shows a training in full, who has a seat (with whether
// they came) and who waits, and what can be done with it.
func (e *Engine) askOtraining(c *conv) {
	t, ps, ok := e.otraining(c)
	if !ok {
		return
	}
	lang := c.s.Language
	seats, waiting := 0, 0
	var seatLines, waitLines []string
	for _, p := range ps {
		line := fmt.Sprintf("%d. %s %s (%s)", p.Position, p.Owner.RegNo(), p.Owner.BusinessName, p.Owner.Name)
		if p.Status == store.EnrollWaiting {
			waiting++
			waitLines = append(waitLines, line)
			continue
		}
		seats++
		if a := e.office.AttendedLabel(lang, p); a != "" {
			line += " · " + a
		}
		seatLines = append(seatLines, line)
	}
	c.say("otrain_show", "Title", t.Title, "Kind", c.t("training_kind_"+t.Kind), "When", e.office.TrainingWhen(lang, t),
		"Venue", t.Venue, "Seats", seats, "Quota", t.Quota, "Waiting", waiting, "Who", e.office.WhoMayJoin(lang, t), "Status", e.office.TrainingStatus(lang, t))
	if len(seatLines) == 0 {
		c.say("otrain_no_participants")
	} else {
		c.say("otrain_participants", "List", strings.Join(seatLines, "\n"))
	}
	if len(waitLines) > 0 {
		c.say("otrain_waiting_list", "List", strings.Join(waitLines, "\n"))
	}
	c.say("otrain_training_ask")
	c.offerOptions(otrainActions(c, t))
}

func (e *Engine) answerOtraining(c *conv, in Input) error {
	t, _, ok := e.otraining(c)
	if !ok {
		return nil
	}
	opts := otrainActions(c, t)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	d := draftOf[otrainDraft](c)
	switch opts[i].Value {
	case "attendance":
		d.Present, d.Absent = nil, nil
		c.goTo("otrain", "attendance")
	case "reschedule":
		d.Start, d.End = nil, nil
		c.goTo("otrain", "start")
	case "cancel":
		c.goTo("otrain", "cancel_confirm")
	case "list":
		c.goTo("otrain", "list")
	default:
		c.toMenu()
	}
	return nil
}

// answerAttendance reads who came: the seats' numbers ("1, 2, 5", "1-4"),
// "semua" (all) or "0" (nobody); the other seats did not come.
func (e *Engine) answerAttendance(c *conv, in Input) error {
	_, ps, ok := e.otraining(c)
	if !ok {
		return nil
	}
	var seats []office.Participant
	for _, p := range ps {
		if p.Status == store.EnrollSeat {
			seats = append(seats, p)
		}
	}
	if len(seats) == 0 {
		c.say("otrain_no_participants")
		c.goTo("otrain", "training")
		return nil
	}
	came, ok := understand.NumberSet(in.Text, len(seats))
	if !ok {
		return again("otrain_attendance_invalid", "N", len(seats))
	}
	d := draftOf[otrainDraft](c)
	d.Present, d.Absent = nil, nil
	for i, p := range seats {
		if came[i+1] {
			d.Present = append(d.Present, p.Owner.ID)
		} else {
			d.Absent = append(d.Absent, p.Owner.ID)
		}
	}
	c.goTo("otrain", "attendance_confirm")
	return nil
}

func (e *Engine) askAttendanceConfirm(c *conv) {
	d := draftOf[otrainDraft](c)
	c.say("otrain_attendance_confirm", "Present", len(d.Present), "Absent", len(d.Absent), "Names", e.businessNames(c, d.Present))
}

// businessNames lists owners' businesses ("-" for none).
func (e *Engine) businessNames(c *conv, ids []int64) string {
	var names []string
	for _, id := range ids {
		if o, err := c.tx.FindOwnerByID(id); err == nil {
			names = append(names, o.BusinessName)
		}
	}
	return orDash(strings.Join(names, ", "))
}

func (e *Engine) answerAttendanceConfirm(c *conv, yes bool) error {
	d := draftOf[otrainDraft](c)
	if !yes {
		c.say("officer_cancelled")
		c.goTo("otrain", "training")
		return nil
	}
	by := office.Actor{Name: c.officer.Name, Chat: c.s.Chat}
	for _, mark := range []struct {
		ids  []int64
		came bool
	}{{d.Present, true}, {d.Absent, false}} {
		if len(mark.ids) == 0 {
			continue
		}
		_, err := e.office.MarkAttendance(c.tx, by, d.ID, mark.ids, mark.came)
		if errors.Is(err, office.ErrNotStarted) || errors.Is(err, office.ErrTrainingClosed) {
			c.say("otrain_attendance_closed")
			c.goTo("otrain", "training")
			return nil
		}
		if err != nil {
			return err
		}
	}
	c.say("otrain_attendance_saved", "Present", len(d.Present), "Absent", len(d.Absent))
	c.goTo("otrain", "training")
	return nil
}

func answerNewStart(c *conv, in Input) error {
	t, err := parseStart(c, in.Text)
	if err != nil {
		return err
	}
	draftOf[otrainDraft](c).Start = &t
	c.goTo("otrain", "end")
	return nil
}

func answerNewEnd(c *conv, in Input) error {
	d := draftOf[otrainDraft](c)
	if d.Start == nil {
		c.goTo("otrain", "start")
		return nil
	}
	t, err := parseEnd(c, *d.Start, in.Text)
	if err != nil {
		return err
	}
	d.End = &t
	c.goTo("otrain", "reschedule_confirm")
	return nil
}

func (e *Engine) askRescheduleConfirm(c *conv) {
	t, ps, ok := e.otraining(c)
	if !ok {
		return
	}
	d := draftOf[otrainDraft](c)
	c.say("otrain_reschedule_confirm", "Title", t.Title, "Old", e.office.TrainingWhen(c.s.Language, t),
		"New", e.office.TrainingWhen(c.s.Language, store.Training{StartsAt: *d.Start, EndsAt: *d.End}), "N", len(ps))
}

func (e *Engine) answerRescheduleConfirm(c *conv, yes bool) error {
	d := draftOf[otrainDraft](c)
	if !yes || d.Start == nil || d.End == nil {
		c.say("officer_cancelled")
		c.goTo("otrain", "training")
		return nil
	}
	t, err := e.office.RescheduleTraining(c.tx, office.Actor{Name: c.officer.Name, Chat: c.s.Chat}, d.ID, *d.Start, *d.End)
	if errors.Is(err, office.ErrTrainingClosed) {
		c.say("otrain_closed")
		c.goTo("otrain", "training")
		return nil
	}
	if err != nil {
		return err
	}
	c.say("otrain_rescheduled", "Title", t.Title, "When", e.office.TrainingWhen(c.s.Language, t))
	c.goTo("otrain", "training")
	return nil
}

func (e *Engine) askCancelConfirm(c *conv) {
	t, ps, ok := e.otraining(c)
	if !ok {
		return
	}
	c.say("otrain_cancel_confirm", "Title", t.Title, "When", e.office.TrainingWhen(c.s.Language, t), "N", len(ps))
}

func (e *Engine) answerCancelConfirm(c *conv, yes bool) error {
	d := draftOf[otrainDraft](c)
	if !yes {
		c.say("officer_cancelled")
		c.goTo("otrain", "training")
		return nil
	}
	if err := e.office.CancelTrainingFor(c.tx, office.Actor{Name: c.officer.Name, Chat: c.s.Chat}, d.ID, ""); err != nil {
		return err
	}
	c.say("otrain_cancelled")
	c.goTo("otrain", "training")
	return nil
}
