package understand

import "testing"

func TestIsQuestion(t *testing.T) {
	for in, want := range map[string]bool{
		"alamat kantor dimana?": true, "alamat kantor dimana": true, "alamat kantor dinas di mana ya": true,
		"kapan buka": true, "gimana cara daftar": true, "gmn caranya": true, "mau tanya": true,
		"brp biayanya": true, "apa itu tkdn": true, "apa syaratnya": true, "how do I register": true,
		"syarat halal apa saja": true, "daftar?": true, "ok？": true, "knp lama": true,
		"kantornya di mana": true, "yang mana": true,
		"daftar": false, "1": false, "iya": false, "makasih": false, "alamat kantor": false, "?": false,
		"apa": false, "": false, "Jl. Sao-Sao No. 12": false, "sdh daftar kemarin": false, "halal": false,
		"Mana Jaya": false,
	} {
		if got := IsQuestion(in); got != want {
			t.Errorf("IsQuestion(%q) = %v, want %v", in, got, want)
		}
	}
}
