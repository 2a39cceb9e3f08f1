package flows

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

func TestKeepLines(t *testing.T) {
	for in, want := range map[string]string{
		"Halo  semua\r\nBesok   ada pelatihan": "Halo semua\nBesok ada pelatihan",
		"\n\nSatu\n\n\n\nDua\n\n":              "Satu\n\nDua",
		"Satu\t\u200bdua\x07 tiga":             "Satu dua tiga",
		"   ":                                  "",
	} {
		if got := keepLines(in); got != want {
			t.Errorf("keepLines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"Pelatihan gratis", 40, "Pelatihan gratis"},
		{"Pelatihan pengemasan\nproduk gratis", 25, "Pelatihan pengemasan…"},
		{"Pelatihanpengemasanproduk", 10, "Pelatihanp…"},
	} {
		if got := firstWords(c.in, c.max); got != c.want {
			t.Errorf("firstWords(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

// An officer's announcement, once the bot has written its recipients:
// the report counts them per channel with the reasons of those skipped,
// the list shows how many got it, and a cancellation skips those not
// sent yet; one cancelled meanwhile is said to be done. Its text keeps
// its lines, and words that mean something elsewhere ("web", "pengumuman
// lagi", a question mark) are part of it.
func TestOfficerBroadcastReport(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	off := office.New(cat, clock)
	officer := store.ChatKey{Channel: "console", Address: "petugas"}
	e := New(cat, WithOffice(off), WithOfficers([]office.Officer{{Name: "Rina", Chat: officer}}))
	for i, name := range []string{"Sitti", "Budi", "Ani"} {
		o := &store.Owner{Name: name, BusinessName: "Usaha " + name, Sector: "pangan", Products: "abon", Kecamatan: "Kadia",
			Address: "Jl. Bunggasi 1", Phone: "+6281234567890", Language: "id", ConsentVersion: ConsentVersion,
			ConsentAt: now, ConsentChannel: "console", BroadcastOptOut: i == 1}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.CreateOwner(o, store.ChatKey{Channel: "console", Address: strings.ToLower(name)}, now)
		}); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetBroadcastOptOut(o.ID, true, now) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	say := func(text string) string {
		t.Helper()
		var reply store.Reply
		if err := db.Update(ctx, func(tx *store.Tx) (err error) {
			reply, err = e.Handle(tx, officer, Input{Text: text, At: now})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		out := reply.Text
		for i, ch := range reply.Choices {
			out += fmt.Sprintf("\n%d. %s", i+1, ch.Label)
		}
		return out
	}
	text := "Kami kirim pengumuman lagi minggu depan.\nInfo di web dinas. Mau ikut?"
	for _, in := range []string{"menu", "5", "1", text, "1", "1", "1"} {
		say(in)
	}
	if got := say("1"); !strings.Contains(got, "Pengumuman #1 tersimpan") {
		t.Fatalf("saving:\n%s", got)
	}
	if err := db.View(ctx, func(tx *store.ReadTx) error {
		b, err := tx.FindBroadcast(1)
		if err != nil {
			return err
		}
		if b.TextID != text {
			t.Errorf("text %q, want %q", b.TextID, text)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	for done, batches := false, 0; !done; batches++ { // (what the bot's writer does)
		if batches == 5 {
			t.Fatal("recipients not all written")
		}
		if err := db.Update(ctx, func(tx *store.Tx) (err error) {
			_, done, err = off.WriteRecipients(tx, 1, office.BroadcastBatch)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Ani types BERHENTI once her copy is queued: it is not sent.
	ani := store.ChatKey{Channel: "console", Address: "ani"}
	var queued []store.OutboxMessage
	if err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := e.Handle(tx, ani, Input{Text: "berhenti", At: now}); err != nil {
			return err
		}
		var err error
		queued, err = tx.DueOutbox("console", "ani", now, 10)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, m := range queued {
		if m.Kind == store.KindBroadcast {
			t.Errorf("the announcement is still queued for an owner who stopped them: %q", m.Reply.Text)
		}
	}
	got := say("perbarui")
	for _, want := range []string{"Pengumuman #1 (dikirim)", "Penerima: 3 IKM · terkirim 0 · menunggu 1 · gagal 0 · dilewati 2",
		"• konsol: terkirim 0, menunggu 1, gagal 0, dilewati 2", "memilih berhenti menerima pengumuman (2)",
		"2. Batalkan pengumuman"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if got := say("3"); !strings.Contains(got, "1. #1 · dikirim · 0/1 terkirim · Kami kirim pengumuman lagi minggu…") {
		t.Errorf("list:\n%s", got)
	}
	say("1")
	if got := say("2"); !strings.Contains(got, "Batalkan pengumuman #1? Untuk: Semua IKM terdaftar") {
		t.Fatalf("cancel confirmation:\n%s", got)
	}
	got = say("1")
	for _, want := range []string{"Pengumuman #1 dibatalkan. 1 salinan yang belum terkirim tidak akan dikirim.", "Pengumuman #1 (dibatalkan)",
		"dilewati 3", "pengumuman dibatalkan (1)"} {
		if !strings.Contains(got, want) {
			t.Errorf("after cancelling, no %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Batalkan pengumuman") {
		t.Errorf("a cancelled broadcast offers to cancel it:\n%s", got)
	}

	// A second one, cancelled from elsewhere while the officer confirms.
	for _, in := range []string{"2", "2", "Pameran produk hari Sabtu", "1", "1", "besok jam 8", "1", "2"} {
		say(in)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := off.CancelBroadcast(tx, office.Actor{Name: "Admin"}, 2, "")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := say("1"); !strings.Contains(got, "Pengumuman #2 sudah terkirim semua atau sudah dibatalkan") {
		t.Errorf("cancelling one cancelled meanwhile:\n%s", got)
	}
}
