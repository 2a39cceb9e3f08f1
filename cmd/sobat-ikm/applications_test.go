package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// seedApplication files a halal application of IKM-000001 four days
// before the CLI's clock.
func seedApplication(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := store.Application{Kind: store.AppHalal, OwnerID: 1, Stage: store.StageSubmitted, NIK: "7471014506900001",
		Answers: store.Answers{Products: []store.Product{{Name: "Abon ikan", Brand: "Ani", Ingredients: "ikan, gula"}},
			ProductionAddress: "Jl. Bunggasi 1"}}
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.CreateApplication(&a, time.Date(2026, 11, 19, 2, 0, 0, 0, time.UTC))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestApplicationsCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	seedOwners(t, db, seed("Ani", store.ChatKey{Channel: "telegram", Address: "42"}))
	seedApplication(t, db)

	code, out, errOut := cli(t, db, "applications", "list", "-kind", "halal")
	if code != 0 || !strings.Contains(out, "HL-2026-0001") || !strings.Contains(out, "diajukan") ||
		!strings.Contains(out, "  4  ") || !strings.Contains(out, "IKM-000001 Abon Ani") || !strings.Contains(out, "1 dari 1 pengajuan") {
		t.Errorf("list: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := cli(t, db, "applications", "list", "-stage", "perlu-perbaikan"); code != 2 || !strings.Contains(errOut, "no such stage") {
		t.Errorf("list with a stage misspelt: %d %s", code, errOut)
	}
	code, out, errOut = cli(t, db, "applications", "show", "hl 2026 1")
	if code != 0 || !strings.Contains(out, "7471********0001") || strings.Contains(out, "7471014506900001") ||
		!strings.Contains(out, "Abon ikan; Ani; ikan, gula") {
		t.Errorf("show: %d\n%s%s", code, out, errOut)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"move", "HL-2026-0001", "terbit", "-by", "Rina"}, 2, "cannot go from diajukan to terbit; it can go to: verifikasi_dinas, perlu_perbaikan, ditolak"},
		{[]string{"move", "HL-2026-0001", "perlu_perbaikan", "-by", "Rina"}, 2, "needs a note"},
		{[]string{"move", "HL-2026-0001", "verifikasi_dinas", "-by", "Joko"}, 2, "not a configured officer"},
		{[]string{"move", "HL-2026-0009", "verifikasi_dinas", "-by", "Rina"}, 1, "no application HL-2026-0009"},
		{[]string{"move", "XY-1", "verifikasi_dinas", "-by", "Rina"}, 2, "not a reference"},
		{[]string{"move", "HL-2026-0001", "verifikasi_dinas"}, 2, "-by NAME is required"},
	} {
		code, _, errOut := cli(t, db, append([]string{"applications"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: %d %q, want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	code, out, errOut = cli(t, db, "applications", "move", "HL-2026-0001", "verifikasi_dinas", "-by", "rina", "-note", "lengkap")
	if code != 0 || out != "HL-2026-0001 kini di tahap: Diperiksa Dinas.\nPemilik diberi tahu lewat Telegram (terkirim dalam beberapa detik jika bot sedang berjalan).\n" {
		t.Errorf("move: %d %q %s", code, out, errOut)
	}
	code, out, errOut = cli(t, db, "applications", "portal", "HL-2026-0001", "-no", "SH2026-7471-00123", "-status", "Submitted", "-by", "Anwar")
	if code != 0 || !strings.Contains(out, "HL-2026-0001") {
		t.Errorf("portal: %d %q %s", code, out, errOut)
	}
	code, out, errOut = cli(t, db, "applications", "export", "-o", "-")
	if code != 0 || !strings.HasPrefix(out, "\ufeffNomor,") || !strings.Contains(out, "HL-2026-0001") ||
		!strings.Contains(out, `"=""7471********0001"""`) || strings.Contains(out, "7471014506900001") ||
		!strings.Contains(out, `"=""SH2026-7471-00123"""`) || !strings.Contains(out, "Submitted") {
		t.Errorf("export: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, db, "rekap", "-year", "2026")
	if code != 0 || !strings.Contains(out, "Diperiksa Dinas") || !strings.Contains(out, "1/120") || !strings.Contains(out, "0/125") {
		t.Errorf("rekap: %d\n%s%s", code, out, errOut)
	}
}

func TestWebLinkCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	seedOwners(t, db, seed("Ani", store.ChatKey{Channel: "telegram", Address: "42"}))
	code, out, errOut := cli(t, db, "web", "link", "-officer", "rina")
	if code != 0 || !strings.HasPrefix(out, "http://127.0.0.1:8080/login/") {
		t.Errorf("web link: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := cli(t, db, "web", "link", "-officer", "joko"); code != 2 || !strings.Contains(errOut, "not a configured officer") {
		t.Errorf("web link for a stranger: %d %s", code, errOut)
	}
}
