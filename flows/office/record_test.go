package office_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// An officer reads every field of an owner, its chats (the one that
// wrote last first) and what officers did to it, in WITA.
func TestOwnerRecordAndHistory(t *testing.T) {
	r := newRig(t)
	tg := store.ChatKey{Channel: "telegram", Address: "42"}
	ani := r.owner("Ani", "id", tg)
	r.now = t0.Add(time.Hour)
	r.update(func(tx *store.Tx) error {
		return tx.CreateContact(ani.ID, store.ChatKey{Channel: "whatsapp", Address: "6281234567890@s.whatsapp.net"}, r.now)
	})
	r.now = t0.Add(2 * time.Hour)
	if _, _, err := r.setBinaan(rina, ani.ID, true, "kunjungan lapangan"); err != nil {
		t.Fatal(err)
	}
	r.now = t0.Add(3 * time.Hour)
	if _, _, err := r.setBinaan(anwar, ani.ID, false, ""); err != nil {
		t.Fatal(err)
	}

	var rec office.OwnerRecord
	var history []store.AuditEntry
	r.update(func(tx *store.Tx) (err error) {
		if rec, err = r.off.FindOwnerRecord(tx, ani.ID); err != nil {
			return err
		}
		if _, err := r.off.FindOwnerRecord(tx, ani.ID+1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown owner: %v", err)
		}
		history, err = r.off.OwnerHistory(tx, ani.ID)
		return err
	})
	got := map[string]string{}
	for _, c := range r.off.OwnerColumns("id") {
		got[c.Heading] = c.Value(rec)
	}
	want := map[string]string{
		"No. registrasi": "IKM-000001", "Nama pemilik": "Ani", "Nama usaha": "Abon Ani",
		"Bidang usaha": "Pangan (makanan & minuman)", "Produk utama": "abon ikan", "Kecamatan": "Kadia",
		"Alamat": "Jl. Bunggasi 1", "Nomor HP": "+6281234567890", "NIB": "", "IKM binaan": "tidak",
		"Chat": "WhatsApp, Telegram", "Bahasa": "Bahasa Indonesia", "Mau pengumuman": "ya",
		"Persetujuan data": "versi v1, 2026-11-23 09:00 WITA, lewat Telegram",
		"Terdaftar (WITA)": "2026-11-23 09:00", "Diubah (WITA)": "2026-11-23 12:00",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("columns %v, want %d", got, len(want))
	}

	var lines []string
	for _, e := range history {
		lines = append(lines, r.off.DescribeEntry("id", e))
	}
	wantLines := []string{
		"2026-11-23 11:00  Rina (Telegram): menandai sebagai IKM binaan. Catatan: kunjungan lapangan",
		"2026-11-23 12:00  Anwar (baris perintah/web): mencabut status IKM binaan",
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
}

// Every label the columns borrow from the owners' messages (sectors,
// languages, channels) exists in every language: a renamed message would
// show officers its id.
func TestColumnLabelsExist(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range office.Sectors() {
		ids = append(ids, "sector_"+s)
	}
	for _, l := range locales.Languages {
		ids = append(ids, "language_name_"+l)
	}
	ids = append(ids, "channel_console", "channel_telegram", "channel_whatsapp")
	for _, lang := range locales.Languages {
		for _, id := range ids {
			if !cat.Has(lang, id) {
				t.Errorf("[%s] %s missing", lang, id)
			}
		}
		off := office.New(cat, time.Now)
		for _, c := range off.OwnerColumns(lang) {
			if strings.HasPrefix(c.Heading, "office_") {
				t.Errorf("[%s] column %s has no heading", lang, c.Key)
			}
		}
	}
	cols := office.New(cat, time.Now).OwnerColumns("id")
	picked, err := office.PickColumns(cols, "nib", "regno")
	if err != nil || len(picked) != 2 || picked[0].Key != "nib" || !picked[0].Exact || picked[1].Key != "regno" {
		t.Errorf("PickColumns: %+v, %v", picked, err)
	}
	if _, err := office.PickColumns(cols, "regno", "nope"); err == nil {
		t.Error("PickColumns of an unknown key: no error")
	}
}
