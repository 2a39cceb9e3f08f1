package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// A training's reminders across restarts with a moved clock: planned at
// sign-up; the 3-day one goes at its time, once, even when the bot stops
// and starts again right after; the 1-day one, missed by more than the
// grace while the bot was down, is dropped, not sent late.
func TestRemindersAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	wita := office.WITA()
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, wita)
	off := office.New(cat, func() time.Time { return clock })
	chat := store.ChatKey{Channel: "test", Address: "ani"}
	err = db.Update(ctx, func(tx *store.Tx) error {
		o := store.Owner{Name: "Ani", BusinessName: "Abon Ani", Sector: "pangan", Kecamatan: "Kadia", Address: "Jl. 1",
			Phone: "+6281234567890", Language: "id", ConsentVersion: "v2", ConsentAt: clock}
		if err := tx.CreateOwner(&o, chat, clock); err != nil {
			return err
		}
		start := time.Date(2026, 12, 10, 9, 0, 0, 0, wita)
		tr := store.Training{Title: "Bimtek TKDN", Kind: store.TrainingBimtek, StartsAt: start, EndsAt: start.Add(6 * time.Hour),
			Venue: "Aula Dinas", Quota: 20}
		if err := off.CreateTraining(tx, office.Actor{Name: "Rina"}, &tr); err != nil {
			return err
		}
		_, err := off.Enroll(tx, o, tr.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := &textOutlet{}
	flush := func(db *store.DB) {
		t.Helper()
		// (what the janitor does, then a look of the sender: a fresh
		// one each time, as after a restart)
		if _, err := db.ExpireOutbox(ctx, clock); err != nil {
			t.Fatal(err)
		}
		s := bot.NewSender(db, bot.SenderConfig{Log: quietLog(), Now: func() time.Time { return clock }, Quiet: bot.QuietHours(21, 7, wita)},
			bot.Route{Channel: "test", Outlet: out})
		if _, err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	flush(db)
	if len(out.sent) != 0 {
		t.Fatalf("sent before their time: %q", out.sent)
	}
	clock = time.Date(2026, 12, 7, 8, 0, 30, 0, wita) // the 3-day reminder's time
	flush(db)
	db.Close()
	if db, err = store.Open(ctx, path); err != nil { // a restart
		t.Fatal(err)
	}
	defer db.Close()
	flush(db)
	if len(out.sent) != 1 || !strings.Contains(out.sent[0], "Pengingat: Bimtek TKDN") {
		t.Fatalf("by the 3-day reminder's time, across a restart: %q", out.sent)
	}
	clock = time.Date(2026, 12, 9, 15, 0, 0, 0, wita) // the 1-day one's 08:00 missed by 7 hours
	flush(db)
	if len(out.sent) != 1 {
		t.Errorf("a reminder missed by more than the grace was sent late: %q", out.sent)
	}
	if n, err := db.Count(ctx, "expired"); err != nil || n != 1 {
		t.Errorf("%d reminders expired (%v), want 1", n, err)
	}
}
