package office

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// The audit log's actions on trainings.
const (
	ActionTrainingCreate     = "training.create"
	ActionTrainingReschedule = "training.reschedule"
	ActionTrainingCancel     = "training.cancel"
	AuditTraining            = "training"
)

// ReminderGrace is how late a reminder may still go when the bot was
// down at its time (default 6 hours): later, it is dropped, not sent.
const ReminderGrace = 6 * time.Hour

// reminderDays are the days before a training its reminders go, at
// reminderHour WITA.
func reminderDays() []int { return []int{3, 1} }

const reminderHour = 8

var (
	// ErrTrainingClosed: the training is cancelled, has started, or its
	// sign-up deadline passed.
	ErrTrainingClosed = errors.New("office: the training takes no more sign-ups")
	// ErrTrainingInvalid: a training without a title, venue or quota, or
	// ending before it starts.
	ErrTrainingInvalid = errors.New("office: a training needs a title, a venue, a quota and an end after its start")
)

// NotEligible says why an owner may not join a training: its message id
// explains it in one line.
type NotEligible struct{ Reason string }

func (e NotEligible) Error() string { return "office: not eligible: " + e.Reason }

// Eligible reports, as NotEligible, why the owner may not join t; nil when
// they may.
func Eligible(t store.Training, o store.Owner) error {
	switch {
	case len(t.Invited) > 0 && !slices.Contains(t.Invited, o.ID):
		return NotEligible{Reason: "training_only_invited"}
	case t.BinaanOnly && !o.Binaan:
		return NotEligible{Reason: "training_only_binaan"}
	case len(t.Sectors) > 0 && !slices.Contains(t.Sectors, o.Sector):
		return NotEligible{Reason: "training_only_sectors"}
	case len(t.Kecamatan) > 0 && !slices.Contains(t.Kecamatan, o.Kecamatan):
		return NotEligible{Reason: "training_only_kecamatan"}
	}
	return nil
}

// CreateTraining adds a training for an officer.
func (o *Office) CreateTraining(tx *store.Tx, by Actor, t *store.Training) error {
	if err := checkAction(by, ""); err != nil {
		return err
	}
	t.Title, t.Venue = strings.TrimSpace(t.Title), strings.TrimSpace(t.Venue)
	if t.Title == "" || t.Venue == "" || t.Quota <= 0 || t.EndsAt.Before(t.StartsAt) ||
		!slices.Contains([]string{store.TrainingCourse, store.TrainingBimtek, store.TrainingTour}, t.Kind) {
		return ErrTrainingInvalid
	}
	now := o.now()
	if err := tx.CreateTraining(t, now); err != nil {
		return fmt.Errorf("office: %w", err)
	}
	_, err := o.audit(tx, by, now, ActionTrainingCreate, AuditTraining, t.ID, t.Title)
	return err
}

// Enrolled is an owner's place after signing up.
type Enrolled struct {
	Training store.Training
	Status   string // store.EnrollSeat or store.EnrollWaiting
	Position int    // on the waiting list (1: next)
	Already  bool   // they had signed up before: nothing changed
}

// Enroll signs an owner up: a seat while there is one, the waiting list
// after. A seat's reminders are planned at once. All writes go through
// the one writer, so however many owners ask for the last seat at once,
// it is given once and the quota is never exceeded.
func (o *Office) Enroll(tx *store.Tx, owner store.Owner, trainingID int64) (Enrolled, error) {
	now := o.now()
	t, err := tx.FindTraining(trainingID)
	if err != nil {
		return Enrolled{}, fmt.Errorf("office: enroll: %w", err)
	}
	if t.Cancelled || !t.StartsAt.After(now) || !t.Deadline.IsZero() && now.After(t.Deadline) {
		return Enrolled{Training: t}, ErrTrainingClosed
	}
	if e, err := tx.FindEnrollment(t.ID, owner.ID); err == nil && e.Status != store.EnrollCancelled {
		res := Enrolled{Training: t, Status: e.Status, Already: true}
		if e.Status == store.EnrollWaiting {
			res.Position, err = waitingPosition(tx, t.ID, owner.ID)
		}
		return res, err
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Enrolled{}, fmt.Errorf("office: enroll: %w", err)
	}
	if err := Eligible(t, owner); err != nil {
		return Enrolled{Training: t}, err
	}
	seats, err := tx.CountSeats(t.ID)
	if err != nil {
		return Enrolled{}, fmt.Errorf("office: enroll: %w", err)
	}
	res := Enrolled{Training: t, Status: store.EnrollSeat}
	if seats >= t.Quota {
		res.Status = store.EnrollWaiting
	}
	if err := tx.SetEnrollment(t.ID, owner.ID, res.Status, now); err != nil {
		return Enrolled{}, fmt.Errorf("office: enroll: %w", err)
	}
	if res.Status == store.EnrollWaiting {
		res.Position, err = waitingPosition(tx, t.ID, owner.ID)
		return res, err
	}
	return res, o.planReminders(tx, t, owner)
}

// waitingPosition is an owner's place on a training's waiting list.
func waitingPosition(tx store.Reader, trainingID, ownerID int64) (int, error) {
	list, err := tx.Enrollments(trainingID, store.EnrollWaiting)
	if err != nil {
		return 0, fmt.Errorf("office: %w", err)
	}
	for i, e := range list {
		if e.OwnerID == ownerID {
			return i + 1, nil
		}
	}
	return 0, nil
}

// CancelEnrollment takes an owner off a training; their reminders are
// cancelled. A seat freed goes at once to the first on the waiting list,
// who is told (and may answer BATAL) and gets the reminders. It returns
// the owner promoted, if any.
func (o *Office) CancelEnrollment(tx *store.Tx, owner store.Owner, trainingID int64) (*store.Owner, error) {
	now := o.now()
	t, err := tx.FindTraining(trainingID)
	if err != nil {
		return nil, fmt.Errorf("office: cancel: %w", err)
	}
	e, err := tx.FindEnrollment(t.ID, owner.ID)
	if err != nil {
		return nil, fmt.Errorf("office: cancel: %w", err)
	}
	if e.Status == store.EnrollCancelled {
		return nil, nil
	}
	if err := tx.SetEnrollment(t.ID, owner.ID, store.EnrollCancelled, now); err != nil {
		return nil, fmt.Errorf("office: cancel: %w", err)
	}
	if _, err := tx.CancelOutbox(reminderKey(t, owner.ID, "")); err != nil {
		return nil, fmt.Errorf("office: cancel: %w", err)
	}
	if e.Status != store.EnrollSeat || t.Cancelled || !t.StartsAt.After(now) {
		return nil, nil
	}
	waiting, err := tx.Enrollments(t.ID, store.EnrollWaiting)
	if err != nil || len(waiting) == 0 {
		return nil, err
	}
	next, err := tx.FindOwnerByID(waiting[0].OwnerID)
	if err != nil {
		return nil, fmt.Errorf("office: promote: %w", err)
	}
	if err := tx.SetEnrollment(t.ID, next.ID, store.EnrollSeat, now); err != nil {
		return nil, fmt.Errorf("office: promote: %w", err)
	}
	if err := o.tellTraining(tx, next, t, "training_promoted", fmt.Sprintf("notice:training:%d:promoted:%d:%d", t.ID, next.ID, now.UnixMilli())); err != nil {
		return nil, err
	}
	return &next, o.planReminders(tx, t, next)
}

// RescheduleTraining moves a training: every participant and everyone
// waiting is told, and the seats' reminders are planned again under the
// training's next version (the old plan is cancelled by its prefix).
func (o *Office) RescheduleTraining(tx *store.Tx, by Actor, id int64, starts, ends time.Time) (store.Training, error) {
	if err := checkAction(by, ""); err != nil {
		return store.Training{}, err
	}
	if ends.Before(starts) {
		return store.Training{}, ErrTrainingInvalid
	}
	now := o.now()
	old, err := tx.FindTraining(id)
	if err != nil {
		return store.Training{}, fmt.Errorf("office: reschedule: %w", err)
	}
	if old.Cancelled {
		return old, ErrTrainingClosed
	}
	if err := tx.MoveTraining(id, starts, ends, now); err != nil {
		return store.Training{}, fmt.Errorf("office: %w", err)
	}
	if _, err := tx.CancelOutbox(fmt.Sprintf("remind:training:%d:v%d:", id, old.Version)); err != nil {
		return store.Training{}, fmt.Errorf("office: reschedule: %w", err)
	}
	t, err := tx.FindTraining(id)
	if err != nil {
		return store.Training{}, fmt.Errorf("office: %w", err)
	}
	entry, err := o.audit(tx, by, now, ActionTrainingReschedule, AuditTraining, id, "")
	if err != nil {
		return store.Training{}, err
	}
	return t, o.eachParticipant(tx, t, func(owner store.Owner, status string) error {
		if err := o.tellTraining(tx, owner, t, "training_rescheduled", fmt.Sprintf("notice:audit:%d:owner:%d", entry.ID, owner.ID)); err != nil {
			return err
		}
		if status == store.EnrollSeat {
			return o.planReminders(tx, t, owner)
		}
		return nil
	})
}

// CancelTrainingFor cancels a training: everyone signed up is told, and
// every reminder of it is cancelled.
func (o *Office) CancelTrainingFor(tx *store.Tx, by Actor, id int64, note string) error {
	if err := checkAction(by, note); err != nil {
		return err
	}
	now := o.now()
	t, err := tx.FindTraining(id)
	if err != nil {
		return fmt.Errorf("office: cancel training: %w", err)
	}
	if t.Cancelled {
		return nil
	}
	if err := tx.CancelTraining(id, now); err != nil {
		return fmt.Errorf("office: %w", err)
	}
	if _, err := tx.CancelOutbox(fmt.Sprintf("remind:training:%d:", id)); err != nil {
		return fmt.Errorf("office: cancel training: %w", err)
	}
	entry, err := o.audit(tx, by, now, ActionTrainingCancel, AuditTraining, id, note)
	if err != nil {
		return err
	}
	return o.eachParticipant(tx, t, func(owner store.Owner, _ string) error {
		return o.tellTraining(tx, owner, t, "training_cancelled", fmt.Sprintf("notice:audit:%d:owner:%d", entry.ID, owner.ID))
	})
}

// eachParticipant calls fn for every owner with a seat or on the waiting
// list of t.
func (o *Office) eachParticipant(tx *store.Tx, t store.Training, fn func(owner store.Owner, status string) error) error {
	for _, status := range []string{store.EnrollSeat, store.EnrollWaiting} {
		list, err := tx.Enrollments(t.ID, status)
		if err != nil {
			return fmt.Errorf("office: %w", err)
		}
		for _, e := range list {
			owner, err := tx.FindOwnerByID(e.OwnerID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("office: %w", err)
			}
			if err := fn(owner, status); err != nil {
				return err
			}
		}
	}
	return nil
}

// reminderKey is the dedupe key of an owner's reminder of a training
// ("remind:training:12:v2:owner:5:d3"); with which "", the prefix of all
// of them under the training's version.
func reminderKey(t store.Training, ownerID int64, which string) string {
	return fmt.Sprintf("remind:training:%d:v%d:owner:%d:%s", t.ID, t.Version, ownerID, which)
}

// planReminders queues an owner's reminders of a training: 3 days and 1
// day before, at 08:00 WITA, each dropped when later than ReminderGrace;
// those whose time has passed are not planned. Planning twice queues
// nothing twice (dedupe keys).
func (o *Office) planReminders(tx *store.Tx, t store.Training, owner store.Owner) error {
	now := o.now()
	chat, ok, err := o.NoticeChat(tx, owner.ID)
	if err != nil || !ok {
		return err
	}
	start := t.StartsAt.In(WITA())
	for _, d := range reminderDays() {
		day := start.AddDate(0, 0, -d)
		at := time.Date(day.Year(), day.Month(), day.Day(), reminderHour, 0, 0, 0, WITA())
		if !at.After(now) {
			continue
		}
		lang := owner.Language
		if !o.cat.Supported(lang) {
			lang = locales.Default
		}
		_, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Kind: store.KindReminder, OwnerID: owner.ID,
			Reply:     store.Reply{Text: o.trainingText(lang, "training_reminder", t)},
			DedupeKey: reminderKey(t, owner.ID, fmt.Sprintf("d%d", d)), NotBefore: at, ExpiresAt: at.Add(ReminderGrace), CreatedAt: now})
		if err != nil {
			return fmt.Errorf("office: plan reminders: %w", err)
		}
	}
	return nil
}

// tellTraining sends an owner a notice about a training.
func (o *Office) tellTraining(tx *store.Tx, owner store.Owner, t store.Training, message, key string) error {
	_, _, err := o.notify(tx, notice{owner: owner, key: key, at: o.now(),
		render: func(lang string) string { return o.trainingText(lang, message, t) }})
	return err
}

// trainingText renders a message about a training in lang.
func (o *Office) trainingText(lang, message string, t store.Training) string {
	return o.cat.Text(lang, message, map[string]any{"Title": t.Title, "When": o.TrainingWhen(lang, t), "Venue": t.Venue})
}

// TrainingWhen writes when a training is, in WITA: "Sabtu, 12/12/2026
// 08.00-16.00 WITA" (or to another day).
func (o *Office) TrainingWhen(lang string, t store.Training) string {
	s, e := t.StartsAt.In(WITA()), t.EndsAt.In(WITA())
	day := o.cat.Text(lang, "weekday_"+strings.ToLower(s.Weekday().String()), nil)
	when := fmt.Sprintf("%s, %s %s", day, s.Format("02/01/2006"), s.Format("15.04"))
	if e.Format("2006-01-02") == s.Format("2006-01-02") {
		return when + "-" + e.Format("15.04") + " WITA"
	}
	return when + " - " + e.Format("02/01/2006 15.04") + " WITA"
}
