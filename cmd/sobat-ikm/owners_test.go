package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// seedOwners registers owners on a new database at path, one per chat,
// in order (IKM-000001 first), on the day owners' tests start.
func seedOwners(t *testing.T, path string, owners ...seedOwner) {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		for i, s := range owners {
			o := s.owner
			if o.Sector == "" {
				o = store.Owner{Name: o.Name, BusinessName: "Abon " + o.Name, Sector: "pangan", Products: "abon ikan",
					Kecamatan: "Kadia", Address: "Jl. Bunggasi 1", Phone: "+6281234567890", Language: "id",
					ConsentVersion: "v1", ConsentAt: at, ConsentChannel: s.chat.Channel}
			}
			if err := tx.CreateOwner(&o, s.chat, at.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

type seedOwner struct {
	owner store.Owner
	chat  store.ChatKey
}

func seed(name string, chat store.ChatKey) seedOwner {
	return seedOwner{owner: store.Owner{Name: name}, chat: chat}
}

// cli runs sobat-ikm with args on the database, with the officers Rina
// and Anwar configured and the clock at 2026-11-23 10:00 WITA.
func cli(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	opts, err := parseFlags(append([]string{"-db", db}, args...), &errOut)
	if err != nil {
		t.Fatalf("flags %v: %v", args, err)
	}
	clock := func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }
	getenv := env(envOfficers, "telegram:900=Rina,console:petugas=Anwar")
	run := runOwners
	switch opts.args[0] {
	case "applications":
		run = runApplications
	case "rekap":
		run = runRekap
	case "web":
		run = runWeb
	case "trainings":
		run = runTrainings
	case "outbox":
		run = runOutbox
	}
	code = run(context.Background(), opts, opts.args[1:], getenv, clock, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestOwnersBinaanAndShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	ani := store.ChatKey{Channel: "telegram", Address: "42"}
	seedOwners(t, db, seed("Ani", ani), seed("Budi", store.ChatKey{Channel: "console", Address: "budi"}))

	code, out, errOut := cli(t, db, "owners", "binaan", "IKM-000001", "on", "-by", "rina", "-note", "kunjungan lapangan")
	want := "IKM-000001 Abon Ani kini IKM binaan.\nPemilik diberi tahu lewat Telegram (terkirim dalam beberapa detik jika bot sedang berjalan).\n"
	if code != 0 || out != want {
		t.Fatalf("binaan on: exit %d\n%s\nwant\n%s\nstderr: %s", code, out, want, errOut)
	}
	// Flags before the arguments work too; marking again sends nothing.
	code, out, _ = cli(t, db, "owners", "binaan", "-by", "Anwar", "ikm-1", "on")
	if code != 0 || out != "IKM-000001 Abon Ani sudah IKM binaan: tidak ada yang berubah, tidak ada pesan dikirim.\n" {
		t.Errorf("binaan on again: exit %d, %q", code, out)
	}
	code, out, _ = cli(t, db, "owners", "binaan", "IKM-000002", "off", "-by", "Anwar")
	if code != 0 || out != "IKM-000002 Abon Budi memang bukan IKM binaan: tidak ada yang berubah, tidak ada pesan dikirim.\n" {
		t.Errorf("binaan off, not binaan: exit %d, %q", code, out)
	}
	pending := pendingTexts(t, db)
	if len(pending) != 1 || !strings.HasPrefix(pending[ani][0], "Kabar baik! Usaha Anda, Abon Ani (IKM-000001), kini menjadi IKM binaan") {
		t.Errorf("outbox %q, want one notice to Ani's chat", pending)
	}

	code, out, errOut = cli(t, db, "owners", "show", "IKM-000001")
	if code != 0 {
		t.Fatalf("show: exit %d, %s", code, errOut)
	}
	wantShow := `No. registrasi    IKM-000001
Nama pemilik      Ani
Nama usaha        Abon Ani
Bidang usaha      Pangan (makanan & minuman)
Produk utama      abon ikan
Kecamatan         Kadia
Alamat            Jl. Bunggasi 1
Nomor HP          +6281234567890
NIB               -
IKM binaan        ya
Chat              Telegram, terakhir menulis 2026-11-23 09:00
Bahasa            Bahasa Indonesia
Mau pengumuman    ya
Persetujuan data  versi v1, 2026-11-23 09:00 WITA, lewat Telegram
Terdaftar (WITA)  2026-11-23 09:00
Diubah (WITA)     2026-11-23 10:00

Riwayat tindakan petugas:
2026-11-23 10:00  Rina (baris perintah/web): menandai sebagai IKM binaan. Catatan: kunjungan lapangan
`
	if out != wantShow {
		t.Errorf("show:\n%s\nwant:\n%s", out, wantShow)
	}
	if _, out, _ = cli(t, db, "owners", "show", "2"); !strings.HasSuffix(out, "\nBelum ada tindakan petugas untuk pemilik ini.\n") {
		t.Errorf("show of an owner without history:\n%s", out)
	}
}

// pendingTexts are the texts of the messages waiting in the outbox, by chat.
func pendingTexts(t *testing.T, path string) map[store.ChatKey][]string {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[store.ChatKey][]string{}
	for _, ch := range []string{"telegram", "whatsapp", "console"} {
		var rows []store.OutboxMessage
		err := db.View(context.Background(), func(tx *store.ReadTx) error {
			var err error
			rows, err = tx.DueOutbox(ch, "", time.Now().Add(time.Hour), 100)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rows {
			out[m.Chat] = append(out[m.Chat], m.Reply.Text)
		}
	}
	return out
}

// Mistakes are refused with exit code 2 and a hint, before anything is
// written; failures exit 1.
func TestOwnersUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	seedOwners(t, db, seed("Ani", store.ChatKey{Channel: "telegram", Address: "42"}))
	for _, tc := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"owners"}, 2, "usage: sobat-ikm [-db FILE] owners COMMAND"},
		{[]string{"owners", "-h"}, 0, "binaan IKM-000123 on|off -by NAME"},
		{[]string{"owners", "nope"}, 2, `unknown command "nope"`},
		{[]string{"owners", "show"}, 2, "missing argument"},
		{[]string{"owners", "show", "-h"}, 0, "usage: sobat-ikm owners show IKM-000123"},
		{[]string{"owners", "show", "IKM-1", "IKM-2"}, 2, `unexpected argument "IKM-2"`},
		{[]string{"owners", "show", "Ani"}, 2, `"Ani" is not a registration number`},
		{[]string{"owners", "show", "IKM-000009"}, 1, "no owner IKM-000009"},
		{[]string{"owners", "binaan", "-h"}, 0, "-by string"},
		{[]string{"owners", "binaan", "IKM-1", "-by", "Rina"}, 2, "missing argument"},
		{[]string{"owners", "binaan", "IKM-1", "maybe", "-by", "Rina"}, 2, `"maybe": want on or off`},
		{[]string{"owners", "binaan", "IKM-1", "on"}, 2, "-by NAME is required"},
		{[]string{"owners", "binaan", "IKM-1", "on", "-by", "Siti"}, 2, "Siti: not a configured officer (officers: Rina, Anwar)"},
		{[]string{"owners", "binaan", "IKM-1", "on", "-by", "Rina", "-note", strings.Repeat("x", 501)}, 2, "-note: office: note too long (500 characters at most)"},
		{[]string{"owners", "binaan", "IKM-1", "on", "-by", "Rina", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"owners", "binaan", "IKM-7", "on", "-by", "Rina"}, 1, "no owner IKM-000007"},
	} {
		code, out, errOut := cli(t, db, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tc.args, code, errOut, tc.code, tc.want)
		}
		if code != 0 && out != "" {
			t.Errorf("%v: stdout %q after a failure", tc.args, out)
		}
	}
	if p := pendingTexts(t, db); len(p) != 0 {
		t.Errorf("refused commands queued %q", p)
	}

	// A mistyped -db is not created.
	missing := filepath.Join(t.TempDir(), "typo.db")
	if code, _, errOut := cli(t, missing, "owners", "show", "IKM-1"); code != 1 || !strings.Contains(errOut, "no database at "+missing) {
		t.Errorf("missing database: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a missing database was created")
	}
	// Without officers configured, -by says how to configure them.
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-db", db, "owners", "binaan", "IKM-1", "on", "-by", "Rina"}, noEnv,
		strings.NewReader(""), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "no officers are configured; set SOBAT_OFFICERS") {
		t.Errorf("no officers: exit %d, %q", code, errOut.String())
	}
}

// sobat-ikm -h lists the commands, the configuration and the environment.
func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, noEnv, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	for _, s := range []string{"owners show|binaan|list|export", "whatsapp link|status|unlink", "config ",
		"-config string", "-db string", "[[officers]]", "SOBAT_OFFICERS", "SOBAT_OFFICE_NAME", "SOBAT_OFFICE_HOURS",
		"TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_URL"} {
		if !strings.Contains(errOut.String(), s) {
			t.Errorf("-h lacks %q:\n%s", s, errOut.String())
		}
	}
	for _, args := range [][]string{{"config", "-h"}, {"owners", "-h"}, {"whatsapp", "link", "-h"}, {"whatsapp", "status", "-h"}} {
		errOut.Reset()
		if code := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(errOut.String(), "usage:") {
			t.Errorf("%v: exit %d, %q", args, code, errOut.String())
		}
	}
}
