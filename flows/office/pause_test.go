package office_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// pause runs PauseChannel in its own transaction.
func (r *rig) pause(p store.Pause) bool {
	r.t.Helper()
	var started bool
	r.update(func(tx *store.Tx) (err error) {
		started, err = r.off.PauseChannel(tx, p)
		return err
	})
	return started
}

// A reach-out lock pauses WhatsApp's proactive messages and tells every
// officer once, in Indonesian, why, until when (WITA), that replies still
// go and what to do; a second 463 during the pause tells no one again.
// The message is queued as a reply, so that the pause does not hold it.
func TestPauseChannelTellsOfficersOnce(t *testing.T) {
	r := newRig(t, office.WithStaff(staff))
	until := t0.Add(24 * time.Hour)
	if !r.pause(store.Pause{Channel: "whatsapp", Until: until, Reason: store.PauseReachout}) {
		t.Fatal("first pause: not started")
	}
	r.now = t0.Add(time.Hour)
	if r.pause(store.Pause{Channel: "whatsapp", Until: r.now.Add(24 * time.Hour), Reason: store.PauseReachout}) {
		t.Error("second 463 during the pause: started again")
	}
	out := r.outbox()
	for _, chat := range []store.ChatKey{rinaChat, budiChat} {
		msgs := out[chat]
		if len(msgs) != 1 {
			t.Fatalf("%s got %d messages, want 1", chat.Address, len(msgs))
		}
		m := msgs[0]
		if m.Kind != store.KindReply {
			t.Errorf("kind %q: want a reply, which a pause does not hold", m.Kind)
		}
		for _, s := range []string{"463", "2026-11-24 09:00 WITA", "Balasan untuk pemilik yang menulis ke kantor tetap terkirim", "jangan menautkan ulang"} {
			if !strings.Contains(m.Reply.Text, s) {
				t.Errorf("message lacks %q:\n%s", s, m.Reply.Text)
			}
		}
		if !m.ExpiresAt.Equal(until) {
			t.Errorf("expires %v, want at the pause's end %v", m.ExpiresAt, until)
		}
	}
	var p store.Pause
	var ok bool
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		p, ok, err = tx.PauseOf("whatsapp", r.now)
		return err
	})
	if err != nil || !ok || p.Reason != store.PauseReachout || !p.Since.Equal(t0) || !p.Until.Equal(r.now.Add(24*time.Hour)) {
		t.Errorf("pause %+v %v %v: want the reach-out lock since t0, extended by the second 463", p, ok, err)
	}

	// Once it ended, a temporary ban is a new pause: officers are told
	// again, with its code and end.
	r.now = t0.Add(48 * time.Hour)
	if !r.pause(store.Pause{Channel: "whatsapp", Until: r.now.Add(2 * time.Hour), Reason: store.PauseTempBanPrefix + "101"}) {
		t.Fatal("ban after the lock ended: not started")
	}
	var ban string
	for _, m := range r.outbox()[rinaChat] {
		if strings.Contains(m.Reply.Text, "kode 101") {
			ban = m.Reply.Text
		}
	}
	if !strings.Contains(ban, "2026-11-25 11:00 WITA") || !strings.Contains(ban, "jalankan ulang sobat-ikm") ||
		!strings.Contains(ban, "terlalu banyak pesan ke orang yang tidak menyimpan nomor kantor") {
		t.Errorf("ban message:\n%s", ban)
	}
}
