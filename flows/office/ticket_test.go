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

var (
	rinaChat = store.ChatKey{Channel: "telegram", Address: "rina"}
	budiChat = store.ChatKey{Channel: "whatsapp", Address: "budi"}
	staff    = []office.Officer{{Name: "Rina", Chat: rinaChat}, {Name: "Budi", Chat: budiChat}}
)

func TestHours(t *testing.T) {
	h := office.DefaultHours()
	w := office.WITA()
	at := func(d, hh, mm int) time.Time { return time.Date(2026, 11, d, hh, mm, 0, 0, w) } // 23 Nov 2026: a Monday
	for _, tc := range []struct {
		t          time.Time
		open       bool
		next, late time.Time
	}{
		{at(23, 10, 0), true, at(23, 10, 0), at(24, 10, 0)},
		{at(23, 17, 0), false, at(24, 8, 0), at(24, 16, 0)},
		{at(27, 15, 0), true, at(27, 15, 0), at(30, 15, 0)}, // Friday afternoon: late on Monday
		{at(28, 9, 0), false, at(30, 8, 0), at(30, 16, 0)},  // Saturday
		{at(23, 7, 59), false, at(23, 8, 0), at(23, 16, 0)},
	} {
		if got := h.IsOpen(tc.t); got != tc.open {
			t.Errorf("IsOpen(%v) = %v", tc.t, got)
		}
		if got := h.NextOpen(tc.t); !got.Equal(tc.next) {
			t.Errorf("NextOpen(%v) = %v, want %v", tc.t, got, tc.next)
		}
		if got := h.AfterWorkingDay(tc.t); !got.Equal(tc.late) {
			t.Errorf("AfterWorkingDay(%v) = %v, want %v", tc.t, got, tc.late)
		}
		if got := h.NextOpening(tc.late); got.Hour() != 8 || got.Minute() != 0 || got.Before(tc.late) || got.Sub(tc.late) > 72*time.Hour {
			t.Errorf("NextOpening(%v) = %v", tc.late, got)
		}
	}
}

func TestParseHours(t *testing.T) {
	for in, want := range map[string]string{
		"Senin-Jumat 08.00-16.00 WITA":   "[Monday Tuesday Wednesday Thursday Friday] 480-960",
		"Senin s/d Sabtu jam 8.00-14.00": "[Monday Tuesday Wednesday Thursday Friday Saturday] 480-840",
		"Jum'at 08:00 - 11:30":           "[Friday] 480-690",
		"Sabtu-Senin 09.00-12.00":        "[Saturday Sunday Monday] 540-720",
		"setiap hari":                    "false",
		"Senin-Jumat 16.00-08.00":        "false",
		"Senin-Jumat 25.00-26.00":        "false",
	} {
		h, ok := office.ParseHours(in)
		got := "false"
		if ok {
			got = fmt.Sprintf("%v %d-%d", h.Days, h.From, h.To)
		}
		if got != want {
			t.Errorf("ParseHours(%q) = %s, want %s", in, got, want)
		}
	}
}

// A ticket: every officer is told and reminded if it stays unanswered a
// working day; one takes it (the other is told), answers (signed, to the
// owner; the reminders are cancelled), the other may not answer it; the
// owner writes on (to the officer who has it); closed, the owner is asked
// a rating, which is stored.
func TestTicketLifecycle(t *testing.T) {
	r := newRig(t, office.WithStaff(staff))
	sitti := r.owner("Sitti", "id", store.ChatKey{Channel: "telegram", Address: "sitti"})
	var tk store.Ticket
	r.update(func(tx *store.Tx) (err error) {
		tk, err = r.off.OpenTicket(tx, sitti, "bantuan alat dari dinas tahun lalu blm sampai", nil)
		return err
	})
	if tk.Ref() != "T-000001" {
		t.Errorf("ref %s", tk.Ref())
	}
	out := r.outbox()
	if len(out[rinaChat]) != 1 || !strings.Contains(out[rinaChat][0].Reply.Text, "Tiket baru T-000001 dari Sitti (Abon Sitti, IKM-000001)") {
		t.Errorf("Rina told: %+v", out[rinaChat])
	}
	rem := r.reminders()
	// Opened Monday 09:00 WITA: unanswered a working day on Tuesday 09:00,
	// the officers are reminded at the next opening, Wednesday 08:00.
	if len(rem) != 2 || !rem["remind:ticket:1:Rina"].NotBefore.Equal(time.Date(2026, 11, 25, 8, 0, 0, 0, office.WITA())) {
		t.Errorf("reminders: %v", rem)
	}
	r.update(func(tx *store.Tx) error {
		_, taken, err := r.off.TakeTicket(tx, office.Actor{Name: "Budi"}, tk.ID)
		if !taken {
			t.Error("not taken")
		}
		return err
	})
	if got := r.outbox()[rinaChat]; len(got) != 2 || !strings.Contains(got[1].Reply.Text, "sudah diambil Budi") {
		t.Errorf("Rina told who took it: %+v", got)
	}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := r.off.ReplyTicket(tx, office.Actor{Name: "Rina"}, tk.ID, "Saya cek dulu")
		return err
	})
	if !errors.Is(err, office.ErrNotYours) {
		t.Errorf("another officer's answer: %v", err)
	}
	r.now = r.now.Add(30 * time.Minute)
	r.update(func(tx *store.Tx) error {
		_, err := r.off.ReplyTicket(tx, office.Actor{Name: "Budi"}, tk.ID, "Bantuan alat dikirim minggu depan.")
		return err
	})
	own := r.outbox()[store.ChatKey{Channel: "telegram", Address: "sitti"}]
	if len(own) != 1 || !strings.Contains(own[0].Reply.Text, "Jawaban petugas Budi (T-000001):\nBantuan alat dikirim minggu depan.") {
		t.Errorf("the owner's answer: %+v", own)
	}
	if rem := r.reminders(); len(rem) != 0 {
		t.Errorf("reminders left after the answer: %v", rem)
	}
	r.update(func(tx *store.Tx) error { return r.off.OwnerWrites(tx, sitti, tk.ID, "terima kasih pak", nil) })
	if got := r.outbox()[budiChat]; !strings.Contains(got[len(got)-1].Reply.Text, "terima kasih pak") {
		t.Errorf("Budi gets the owner's message: %+v", got)
	}
	if got := r.outbox()[rinaChat]; len(got) != 2 {
		t.Errorf("Rina, who does not have it, got %d notices", len(got))
	}
	r.update(func(tx *store.Tx) error {
		_, err := r.off.CloseTicket(tx, office.Actor{Name: "Budi"}, tk.ID)
		return err
	})
	own = r.outbox()[store.ChatKey{Channel: "telegram", Address: "sitti"}]
	if last := own[len(own)-1]; !strings.Contains(last.Reply.Text, "Seberapa membantu") || len(last.Reply.Choices) != 5 {
		t.Errorf("the rating question: %+v", last)
	}
	var sess store.Session
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		sess, err = tx.FindSession(store.ChatKey{Channel: "telegram", Address: "sitti"})
		return err
	})
	if sess.Flow != office.RatingFlow || sess.Step != office.RatingStep {
		t.Errorf("the owner's chat waits for the rating: %+v", sess)
	}
	r.update(func(tx *store.Tx) error { return r.off.RateTicket(tx, sitti, tk.ID, 5) })
	rk := r.rekap().Tickets
	if rk.Opened != 1 || rk.Answered != 1 || rk.WithinDay != 1 || rk.MedianFirst != 30*time.Minute || rk.Rating != 5 {
		t.Errorf("numbers: %+v", rk)
	}
	err = r.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := r.off.ReplyTicket(tx, office.Actor{Name: "Budi"}, tk.ID, "satu lagi")
		return err
	})
	if !errors.Is(err, store.ErrTicketClosed) {
		t.Errorf("an answer to a closed ticket: %v", err)
	}
}

// An owner never writes to another owner's ticket, nor rates it.
func TestTicketIsTheOwners(t *testing.T) {
	r := newRig(t, office.WithStaff(staff))
	a := r.owner("Ani", "id", store.ChatKey{Channel: "telegram", Address: "a"})
	b := r.owner("Bambang", "id", store.ChatKey{Channel: "telegram", Address: "b"})
	var tk store.Ticket
	r.update(func(tx *store.Tx) (err error) { tk, err = r.off.OpenTicket(tx, a, "halo", nil); return err })
	err := r.db.Update(context.Background(), func(tx *store.Tx) error { return r.off.OwnerWrites(tx, b, tk.ID, "saya juga", nil) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("writing to another's ticket: %v", err)
	}
	err = r.db.Update(context.Background(), func(tx *store.Tx) error { return r.off.RateTicket(tx, b, tk.ID, 1) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rating another's ticket: %v", err)
	}
}

// Two tickets open, an officer answering both quickly and at once: every
// answer reaches the owner of its ticket, and only them.
func TestTicketAnswersNeverCross(t *testing.T) {
	r := newRig(t, office.WithStaff(staff))
	owners := []store.Owner{
		r.owner("Ani", "id", store.ChatKey{Channel: "telegram", Address: "a"}),
		r.owner("Bambang", "id", store.ChatKey{Channel: "telegram", Address: "b"}),
	}
	var tickets []store.Ticket
	for _, o := range owners {
		r.update(func(tx *store.Tx) error {
			tk, err := r.off.OpenTicket(tx, o, "tolong", nil)
			tickets = append(tickets, tk)
			return err
		})
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			k := i % 2
			err := r.db.Update(context.Background(), func(tx *store.Tx) error {
				_, err := r.off.ReplyTicket(tx, office.Actor{Name: "Rina"}, tickets[k].ID, fmt.Sprintf("jawaban untuk %s nomor %d", owners[k].Name, i))
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for k, o := range owners {
		got := r.outbox()[store.ChatKey{Channel: "telegram", Address: []string{"a", "b"}[k]}]
		if len(got) != 20 {
			t.Errorf("%s got %d answers, want 20", o.Name, len(got))
		}
		for _, m := range got {
			if !strings.Contains(m.Reply.Text, "jawaban untuk "+o.Name) || !strings.Contains(m.Reply.Text, tickets[k].Ref()) {
				t.Errorf("%s got %q", o.Name, m.Reply.Text)
			}
		}
	}
}
