package office_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// training makes a training starting in ten days at 09:00 WITA.
func (r *rig) training(quota int, edit func(t *store.Training)) store.Training {
	r.t.Helper()
	start := time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC) // 09:00 WITA, ten days after t0
	t := store.Training{Title: "Bimtek TKDN", Kind: store.TrainingBimtek, StartsAt: start, EndsAt: start.Add(7 * time.Hour),
		Venue: "Aula Dinas", Quota: quota}
	if edit != nil {
		edit(&t)
	}
	r.update(func(tx *store.Tx) error { return r.off.CreateTraining(tx, rina, &t) })
	return t
}

func (r *rig) enroll(o store.Owner, id int64) (office.Enrolled, error) {
	var res office.Enrolled
	err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		res, err = r.off.Enroll(tx, o, id)
		return err
	})
	return res, err
}

// reminders are the planned reminders, by dedupe key.
func (r *rig) reminders() map[string]store.OutboxMessage {
	r.t.Helper()
	out := map[string]store.OutboxMessage{}
	var rows []store.OutboxMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.PlannedOutbox(store.KindReminder, 1000)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	for _, m := range rows {
		out[m.DedupeKey] = m
	}
	return out
}

func TestEnrollSeatsThenWaitingListThenPromotion(t *testing.T) {
	r := newRig(t)
	tr := r.training(2, nil)
	var owners []store.Owner
	for i := range 4 {
		owners = append(owners, r.owner(fmt.Sprint("owner", i), "id", store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)}))
	}
	var got []string
	for _, o := range owners {
		res, err := r.enroll(o, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %d", res.Status, res.Position))
	}
	if strings.Join(got, ",") != "seat 0,seat 0,waiting 1,waiting 2" {
		t.Errorf("enrolled: %v", got)
	}
	if res, _ := r.enroll(owners[3], tr.ID); !res.Already || res.Position != 2 {
		t.Errorf("signing up twice: %+v", res)
	}
	rem := r.reminders()
	if len(rem) != 4 { // two seats, two reminders each
		t.Fatalf("reminders %d: %v", len(rem), rem)
	}
	d3 := rem[fmt.Sprintf("remind:training:%d:v1:owner:%d:d3", tr.ID, owners[0].ID)]
	if want := time.Date(2026, 11, 30, 8, 0, 0, 0, office.WITA()); !d3.NotBefore.Equal(want) || !d3.ExpiresAt.Equal(want.Add(office.ReminderGrace)) ||
		!strings.Contains(d3.Reply.Text, "Kamis, 03/12/2026 09.00-16.00 WITA") || !strings.Contains(d3.Reply.Text, "BATAL") {
		t.Errorf("the 3-day reminder: %+v", d3)
	}
	// The first seat cancels: the first waiting gets it, is told, and
	// gets the reminders; the canceller's are cancelled.
	var promoted *store.Owner
	r.update(func(tx *store.Tx) (err error) {
		promoted, err = r.off.CancelEnrollment(tx, owners[0], tr.ID)
		return err
	})
	if promoted == nil || promoted.ID != owners[2].ID {
		t.Fatalf("promoted %+v", promoted)
	}
	rem = r.reminders()
	if _, ok := rem[fmt.Sprintf("remind:training:%d:v1:owner:%d:d3", tr.ID, owners[0].ID)]; ok || len(rem) != 4 {
		t.Errorf("after the cancellation: %v", rem)
	}
	notices := r.outbox()[store.ChatKey{Channel: "telegram", Address: "2"}]
	if len(notices) == 0 || !strings.Contains(notices[0].Reply.Text, "Ada kursi kosong") {
		t.Errorf("the promoted owner's notice: %+v", notices)
	}
	if res, _ := r.enroll(owners[3], tr.ID); res.Position != 1 {
		t.Errorf("the next on the list: %+v", res)
	}
}

// 50 owners asking for the last 3 seats at the same moment: 3 seats are
// given, once each; the others wait.
func TestLastSeatsAtOnce(t *testing.T) {
	r := newRig(t)
	tr := r.training(3, nil)
	const n = 50
	owners := make([]store.Owner, n)
	for i := range owners {
		owners[i] = r.owner(fmt.Sprint("owner", i), "id", store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)})
	}
	var wg sync.WaitGroup
	for _, o := range owners {
		wg.Go(func() {
			if _, err := r.enroll(o, tr.ID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r.db.View(context.Background(), func(tx *store.ReadTx) error {
		seats, _ := tx.Enrollments(tr.ID, store.EnrollSeat)
		waiting, _ := tx.Enrollments(tr.ID, store.EnrollWaiting)
		if len(seats) != 3 || len(waiting) != n-3 {
			t.Errorf("%d seats, %d waiting", len(seats), len(waiting))
		}
		return nil
	})
}

func TestEligibilityIsExplained(t *testing.T) {
	r := newRig(t)
	ani := r.owner("Ani", "id", store.ChatKey{Channel: "telegram", Address: "1"})
	for reason, edit := range map[string]func(*store.Training){
		"training_only_binaan":    func(t *store.Training) { t.BinaanOnly = true },
		"training_only_sectors":   func(t *store.Training) { t.Sectors = []string{"kerajinan"} },
		"training_only_kecamatan": func(t *store.Training) { t.Kecamatan = []string{"Poasia"} },
		"training_only_invited":   func(t *store.Training) { t.Invited = []int64{ani.ID + 100} },
	} {
		tr := r.training(5, edit)
		var ne office.NotEligible
		if _, err := r.enroll(ani, tr.ID); !errors.As(err, &ne) || ne.Reason != reason {
			t.Errorf("%s: %v", reason, err)
		}
	}
	tr := r.training(5, func(t *store.Training) { t.Invited = []int64{ani.ID}; t.Kecamatan = []string{"Kadia"} })
	if res, err := r.enroll(ani, tr.ID); err != nil || res.Status != store.EnrollSeat {
		t.Errorf("an invited owner of the kecamatan: %+v, %v", res, err)
	}
}

// A reschedule tells everyone and plans the reminders again under the
// next version; the old ones are gone, nothing is doubled.
func TestRescheduleReplansReminders(t *testing.T) {
	r := newRig(t)
	tr := r.training(1, nil)
	ani := r.owner("Ani", "id", store.ChatKey{Channel: "telegram", Address: "1"})
	budi := r.owner("Budi", "en", store.ChatKey{Channel: "telegram", Address: "2"})
	r.enroll(ani, tr.ID)
	r.enroll(budi, tr.ID) // waiting
	later := tr.StartsAt.AddDate(0, 0, 7)
	r.update(func(tx *store.Tx) error {
		_, err := r.off.RescheduleTraining(tx, rina, tr.ID, later, later.Add(7*time.Hour))
		return err
	})
	rem := r.reminders()
	if len(rem) != 2 {
		t.Fatalf("reminders after the reschedule: %v", rem)
	}
	for key, m := range rem {
		if !strings.Contains(key, ":v2:") || !strings.Contains(m.Reply.Text, "10/12/2026") {
			t.Errorf("reminder %s: %s", key, m.Reply.Text)
		}
	}
	for chat, want := range map[string]string{"1": "Jadwal Bimtek TKDN berubah", "2": "Bimtek TKDN has a new time"} {
		rows := r.outbox()[store.ChatKey{Channel: "telegram", Address: chat}]
		found := false
		for _, m := range rows {
			found = found || strings.Contains(m.Reply.Text, want)
		}
		if !found {
			t.Errorf("chat %s not told: %+v", chat, rows)
		}
	}
	r.update(func(tx *store.Tx) error { return r.off.CancelTrainingFor(tx, rina, tr.ID, "narasumber berhalangan") })
	if rem := r.reminders(); len(rem) != 0 {
		t.Errorf("reminders of a cancelled training: %v", rem)
	}
	if _, err := r.enroll(budi, tr.ID); !errors.Is(err, office.ErrTrainingClosed) {
		t.Errorf("signing up to a cancelled training: %v", err)
	}
}
