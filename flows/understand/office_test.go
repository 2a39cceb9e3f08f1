package understand

import "testing"

func TestAsksOfficeContact(t *testing.T) {
	for in, want := range map[string]bool{
		"alamat kantor dimana?":          true,
		"alamat kantor dinas di mana ya": true,
		"nomor telp dinas?":              true,
		"no tlp kantor brp":              true,
		"jam buka kantor":                true,
		"kantornya dimana pak":           true,
		"where is your office?":          true,
		"office phone number":            true,
		"ubah alamat":                    false,
		"alamat saya salah":              false,
		"nomor hp saya ganti":            false,
		"dinas":                          false,
		"kantor":                         false,
		"":                               false,
	} {
		if got := AsksOfficeContact(in); got != want {
			t.Errorf("AsksOfficeContact(%q) = %v, want %v", in, got, want)
		}
	}
}
