package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sobat-ikm/store"
)

func TestOwnersList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	seedOwners(t, db, seed("Ani", store.ChatKey{Channel: "telegram", Address: "42"}),
		seedOwner{owner: store.Owner{Name: "Budi", BusinessName: "Tenun Budi", Sector: "sandang", Products: "tenun",
			Kecamatan: "Wua-Wua", Address: "Jl. B", Phone: "+6285200000002", Language: "en", ConsentVersion: "v1",
			ConsentChannel: "console"}, chat: store.ChatKey{Channel: "console", Address: "budi"}},
		seed("Citra", store.ChatKey{Channel: "console", Address: "citra"}))
	if code, _, errOut := cli(t, db, "owners", "binaan", "IKM-3", "on", "-by", "Rina"); code != 0 {
		t.Fatal(errOut)
	}

	code, out, errOut := cli(t, db, "owners", "list")
	want := `No. registrasi  Nama usaha  Nama pemilik  Bidang usaha                Kecamatan  IKM binaan  Terdaftar (WITA)
IKM-000001      Abon Ani    Ani           Pangan (makanan & minuman)  Kadia      tidak       2026-11-23 09:00
IKM-000002      Tenun Budi  Budi          Sandang / tenun             Wua-Wua    tidak       2026-11-23 09:01
IKM-000003      Abon Citra  Citra         Pangan (makanan & minuman)  Kadia      ya          2026-11-23 09:02

Pemilik 1-3 dari 3.
`
	if code != 0 || out != want {
		t.Errorf("list: exit %d\n%s\nwant:\n%s%s", code, out, want, errOut)
	}
	for _, tc := range []struct {
		args []string
		want []string // registration numbers, in order
		tail string
	}{
		{[]string{"-limit", "2"}, []string{"IKM-000001", "IKM-000002"}, "Pemilik 1-2 dari 3.\nHalaman berikutnya: tambahkan -offset 2.\n"},
		{[]string{"-limit", "2", "-offset", "2"}, []string{"IKM-000003"}, "Pemilik 3-3 dari 3.\n"},
		{[]string{"-kecamatan", "wua wua"}, []string{"IKM-000002"}, "Pemilik 1-1 dari 1.\n"},
		{[]string{"-sector", "Pangan", "-binaan"}, []string{"IKM-000003"}, ""},
		{[]string{"-binaan=false", "-sector", "pangan"}, []string{"IKM-000001"}, ""},
		{[]string{"-q", "TENUN"}, []string{"IKM-000002"}, ""},
		{[]string{"-q", "nobody"}, nil, "Tidak ada pemilik yang cocok.\n"},
		{[]string{"-offset", "9"}, nil, "Halaman ini kosong: hanya ada 3 pemilik yang cocok.\n"},
	} {
		code, out, errOut := cli(t, db, append([]string{"owners", "list"}, tc.args...)...)
		var got []string
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "IKM-") {
				got = append(got, strings.Fields(line)[0])
			}
		}
		if code != 0 || strings.Join(got, " ") != strings.Join(tc.want, " ") || !strings.HasSuffix(out, tc.tail) {
			t.Errorf("list %v: exit %d, %v\n%s%s", tc.args, code, got, out, errOut)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-kecamatan", "Konawe"}, `-kecamatan "Konawe": not a kecamatan of Kota Kendari (Abeli, Baruga,`},
		{[]string{"-sector", "makanan"}, `-sector "makanan": want one of pangan, sandang, kerajinan, furnitur, bahan_bangunan, lainnya`},
		{[]string{"-limit", "0"}, "-limit 0: want 1 to 1000"},
		{[]string{"-offset", "-1"}, "-offset -1: want 0 or more"},
		{[]string{"Ani"}, `unexpected argument "Ani"`},
	} {
		if code, _, errOut := cli(t, db, append([]string{"owners", "list"}, tc.args...)...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("list %v: exit %d, %q; want 2 with %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestOwnersExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bot.db")
	seedOwners(t, db, seed("Ani", store.ChatKey{Channel: "telegram", Address: "42"}), seed("Budi", store.ChatKey{Channel: "console", Address: "budi"}))
	file := filepath.Join(dir, "ikm.csv")
	if err := os.WriteFile(file, []byte("an older export"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, db, "owners", "export", "-o", file, "-sep", ";")
	if code != 0 || !strings.HasPrefix(out, "2 pemilik diekspor ke "+file+".") {
		t.Fatalf("export: exit %d, %q, %s", code, out, errOut)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\ufeffNo. registrasi;Nama pemilik;Nama usaha;Bidang usaha;") {
		t.Errorf("export starts %q", raw[:min(len(raw), 80)])
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) != 3 || rows[1][0] != "IKM-000001" || rows[1][7] != `="+6281234567890"` || rows[2][1] != "Budi" {
		t.Errorf("export rows %q, %v", rows, err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, %v; want 0600 (personal data)", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".ikm.csv.*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// A filter; standard output.
	code, out, _ = cli(t, db, "owners", "export", "-o", "-", "-q", "budi")
	if code != 0 || strings.Count(out, "\r\n") != 2 || !strings.Contains(out, "IKM-000002,Budi,Abon Budi") {
		t.Errorf("export to stdout: exit %d, %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "-o FILE.csv is required"},
		{[]string{"-o", file, "-sep", "tab"}, `-sep "tab": want , or ;`},
		{[]string{"-o", file, "-sector", "x"}, `-sector "x"`},
	} {
		if code, _, errOut := cli(t, db, append([]string{"owners", "export"}, tc.args...)...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("export %v: exit %d, %q; want 2 with %q", tc.args, code, errOut, tc.want)
		}
	}
	// A directory that does not exist: an error, and nothing written.
	if code, _, errOut := cli(t, db, "owners", "export", "-o", filepath.Join(dir, "no", "x.csv")); code != 1 || !strings.Contains(errOut, "sobat-ikm owners export:") {
		t.Errorf("export into a missing directory: exit %d, %q", code, errOut)
	}
}
