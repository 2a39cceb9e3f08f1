package office_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

var t0 = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC) // 09:00 WITA

// rig is an office over a real SQLite file, with a clock the test moves.
type rig struct {
	t   testing.TB
	db  *store.DB
	off *office.Office
	now time.Time
}

func newRig(t testing.TB, opts ...office.Option) *rig {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, db: db, now: t0}
	r.off = office.New(cat, func() time.Time { return r.now }, opts...)
	return r
}

// update runs fn in one transaction and fails the test on an error.
func (r *rig) update(fn func(tx *store.Tx) error) {
	r.t.Helper()
	if err := r.db.Update(context.Background(), fn); err != nil {
		r.t.Fatal(err)
	}
}

// owner registers an owner on chat, in lang.
func (r *rig) owner(name, lang string, chat store.ChatKey) store.Owner {
	r.t.Helper()
	o := store.Owner{Name: name, BusinessName: "Abon " + name, Sector: "pangan", Products: "abon ikan",
		Kecamatan: "Kadia", Address: "Jl. Bunggasi 1", Phone: "+6281234567890", Language: lang,
		ConsentVersion: "v1", ConsentAt: r.now, ConsentChannel: chat.Channel}
	r.update(func(tx *store.Tx) error { return tx.CreateOwner(&o, chat, r.now) })
	return o
}

// outbox is every pending message, by chat.
func (r *rig) outbox() map[store.ChatKey][]store.OutboxMessage {
	r.t.Helper()
	out := map[store.ChatKey][]store.OutboxMessage{}
	for _, ch := range []string{"telegram", "whatsapp", "console"} {
		var rows []store.OutboxMessage
		err := r.db.View(context.Background(), func(tx *store.ReadTx) error {
			var err error
			rows, err = tx.DueOutbox(ch, "", r.now.Add(time.Hour), 100)
			return err
		})
		if err != nil {
			r.t.Fatal(err)
		}
		for _, m := range rows {
			out[m.Chat] = append(out[m.Chat], m)
		}
	}
	return out
}

func (r *rig) audit() []store.AuditEntry {
	r.t.Helper()
	var es []store.AuditEntry
	r.update(func(tx *store.Tx) (err error) {
		es, _, err = tx.FindAuditEntries(store.AuditFilter{})
		return err
	})
	return es
}

func (r *rig) setBinaan(by office.Actor, id int64, on bool, note string) (store.Owner, bool, error) {
	var o store.Owner
	var changed bool
	err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		o, changed, err = r.off.SetBinaan(tx, by, id, on, note)
		return err
	})
	return o, changed, err
}

var (
	rina  = office.Actor{Name: "Rina", Chat: store.ChatKey{Channel: "telegram", Address: "900"}}
	anwar = office.Actor{Name: "Anwar"} // on the command line
)

func TestSetBinaan(t *testing.T) {
	r := newRig(t)
	tg := store.ChatKey{Channel: "telegram", Address: "42"}
	wa := store.ChatKey{Channel: "whatsapp", Address: "6281234567890@s.whatsapp.net"}
	ani := r.owner("Ani", "id", tg)
	// Ani wrote from WhatsApp later: notices go there.
	r.now = t0.Add(time.Hour)
	r.update(func(tx *store.Tx) error { return tx.CreateContact(ani.ID, wa, r.now) })

	r.now = t0.Add(2 * time.Hour)
	got, changed, err := r.setBinaan(rina, ani.ID, true, "  kunjungan lapangan 12/11 ")
	if err != nil || !changed || !got.Binaan || got.ID != ani.ID {
		t.Fatalf("mark: %+v, changed %v, %v", got, changed, err)
	}
	out := r.outbox()
	if len(out) != 1 || len(out[wa]) != 1 {
		t.Fatalf("outbox %+v, want one notice to the WhatsApp chat", out)
	}
	n := out[wa][0]
	want := "Kabar baik! Usaha Anda, Abon Ani (IKM-000001), kini menjadi IKM binaan Dinas Tenaga Kerja dan Perindustrian Kota Kendari."
	if !strings.HasPrefix(n.Reply.Text, want) || len(n.Reply.Choices) != 0 || n.DedupeKey != "notice:audit:1" ||
		!n.NotBefore.Equal(r.now) {
		t.Errorf("notice %+v\nwant text starting %q, no choices, key notice:audit:1, due now", n, want)
	}
	wantEntry := store.AuditEntry{ID: 1, At: r.now, Actor: "Rina", ActorChannel: "telegram", Action: office.ActionBinaanOn,
		SubjectKind: store.AuditOwner, SubjectID: ani.ID, Note: "kunjungan lapangan 12/11"}
	if es := r.audit(); len(es) != 1 || es[0] != wantEntry {
		t.Errorf("audit %+v\nwant %+v", es, wantEntry)
	}

	// Marking again changes nothing and sends nothing.
	r.now = t0.Add(3 * time.Hour)
	got, changed, err = r.setBinaan(anwar, ani.ID, true, "")
	if err != nil || changed || !got.Binaan {
		t.Errorf("mark again: %+v, changed %v, %v", got, changed, err)
	}
	if es, out := r.audit(), r.outbox(); len(es) != 1 || len(out[wa]) != 1 {
		t.Errorf("mark again wrote %d audit entries, %d notices", len(es), len(out[wa]))
	}

	// Unmarking from the command line: the audit shows no channel.
	got, changed, err = r.setBinaan(anwar, ani.ID, false, "")
	if err != nil || !changed || got.Binaan {
		t.Fatalf("unmark: %+v, changed %v, %v", got, changed, err)
	}
	es := r.audit()
	if len(es) != 2 || es[1].Actor != "Anwar" || es[1].ActorChannel != "" || es[1].Action != office.ActionBinaanOff {
		t.Errorf("audit after unmark %+v", es)
	}
	out = r.outbox()
	if len(out[wa]) != 2 || !strings.Contains(out[wa][1].Reply.Text, "tidak lagi tercatat sebagai IKM binaan") ||
		out[wa][1].DedupeKey != "notice:audit:2" {
		t.Errorf("unmark notice %+v", out[wa])
	}
}

// The notice is in the owner's language and names the configured office.
func TestSetBinaanNoticeLanguageAndProfile(t *testing.T) {
	r := newRig(t, office.WithProfile(office.Profile{Name: "Disnakerperin Kendari"}))
	chat := store.ChatKey{Channel: "console", Address: "budi"}
	budi := r.owner("Budi", "en", chat)
	if _, _, err := r.setBinaan(rina, budi.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	out := r.outbox()[chat]
	want := "Good news! Your business, Abon Budi (IKM-000001), is now an IKM under the guidance (binaan) of Disnakerperin Kendari."
	if len(out) != 1 || !strings.HasPrefix(out[0].Reply.Text, want) {
		t.Errorf("notice %+v, want %q", out, want)
	}
	if r.off.Profile().Name != "Disnakerperin Kendari" {
		t.Errorf("profile %+v", r.off.Profile())
	}
}

// A refused action writes nothing.
func TestSetBinaanRefused(t *testing.T) {
	r := newRig(t)
	ani := r.owner("Ani", "id", store.ChatKey{Channel: "console", Address: "ani"})
	for _, tc := range []struct {
		name string
		by   office.Actor
		id   int64
		note string
		want error
	}{
		{"unknown owner", rina, ani.ID + 1, "", store.ErrNotFound},
		{"no actor", office.Actor{Name: "  "}, ani.ID, "", office.ErrNoActor},
		{"long note", rina, ani.ID, strings.Repeat("é", office.MaxNote+1), office.ErrNoteTooLong},
	} {
		if _, changed, err := r.setBinaan(tc.by, tc.id, true, tc.note); !errors.Is(err, tc.want) || changed {
			t.Errorf("%s: changed %v, %v; want %v", tc.name, changed, err, tc.want)
		}
	}
	if _, _, err := r.setBinaan(rina, ani.ID, true, strings.Repeat("é", office.MaxNote)); err != nil {
		t.Errorf("a note of MaxNote characters: %v", err)
	}
	if es, out := r.audit(), r.outbox(); len(es) != 1 || len(out) != 1 {
		t.Errorf("%d audit entries, %d chats with notices; want only the last action's", len(es), len(out))
	}
}

// NoticeChat is the chat the owner wrote from last; an unknown owner has none.
func TestNoticeChat(t *testing.T) {
	r := newRig(t)
	tg := store.ChatKey{Channel: "telegram", Address: "42"}
	ani := r.owner("Ani", "id", tg)
	r.update(func(tx *store.Tx) error {
		chat, ok, err := r.off.NoticeChat(tx, ani.ID)
		if err != nil || !ok || chat != tg {
			t.Errorf("NoticeChat = %v, %v, %v; want %v", chat, ok, err, tg)
		}
		chat, ok, err = r.off.NoticeChat(tx, ani.ID+1)
		if err != nil || ok {
			t.Errorf("NoticeChat of an unknown owner = %v, %v, %v", chat, ok, err)
		}
		return nil
	})
}
