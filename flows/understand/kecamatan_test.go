package understand

import (
	"slices"
	"strings"
	"testing"
)

func TestKecamatanNames(t *testing.T) {
	want := []string{"Abeli", "Baruga", "Kadia", "Kambu", "Kendari", "Kendari Barat", "Mandonga", "Nambo",
		"Poasia", "Puuwatu", "Wua-Wua"}
	got := KecamatanNames()
	if !slices.Equal(got, want) {
		t.Fatalf("KecamatanNames() = %v", got)
	}
	if !slices.IsSorted(got) {
		t.Errorf("KecamatanNames() not sorted")
	}
	got[0] = "changed"
	if KecamatanNames()[0] != "Abeli" {
		t.Errorf("KecamatanNames shares its slice")
	}
}

func TestKecamatan(t *testing.T) {
	const none, out = "", "OUT"
	tests := []struct{ in, want string }{
		// canonical names
		{"Abeli", "Abeli"}, {"baruga", "Baruga"}, {"KADIA", "Kadia"}, {"kambu", "Kambu"},
		{"kendari", "Kendari"}, {"Kendari Barat", "Kendari Barat"}, {"mandonga", "Mandonga"},
		{"nambo", "Nambo"}, {"poasia", "Poasia"}, {"puuwatu", "Puuwatu"}, {"Wua-Wua", "Wua-Wua"},
		// spellings
		{"wua wua", "Wua-Wua"}, {"wuawua", "Wua-Wua"}, {"wua2", "Wua-Wua"}, {"Wua", "Wua-Wua"},
		{"kendari brt", "Kendari Barat"}, {"kdi barat", "Kendari Barat"}, {"kendari barat", "Kendari Barat"},
		{"kendaribarat", "Kendari Barat"}, {"kendari-barat", "Kendari Barat"}, {"Kec. Kendari Barat", "Kendari Barat"},
		{"mandonga kendari", "Mandonga"}, {"puwatu", "Puuwatu"}, {"poasia", "Poasia"},
		{"kec. baruga", "Baruga"}, {"kec baruga", "Baruga"}, {"kecamatan kadia", "Kadia"},
		{"Kecamatan Wua-Wua, Kota Kendari", "Wua-Wua"}, {"di mandonga pak", "Mandonga"},
		{"sy tinggal di baruga", "Baruga"}, {"mandoga", "Mandonga"}, {"madonga", "Mandonga"},
		{"barugaa", "Baruga"}, {"poasai", "Poasia"}, {"kendrai", "Kendari"}, {"kec. kendari", "Kendari"},
		{"PUUWATU!!", "Puuwatu"}, {"  abeli  ", "Abeli"}, {"\xffkadia\xfe", "Kadia"}, {"kambu 👍", "Kambu"},
		// kelurahan
		{"lepo-lepo", "Baruga"}, {"lepo lepo", "Baruga"}, {"lepo2", "Baruga"}, {"sanua", "Kendari Barat"},
		{"anduonohu", "Poasia"}, {"kel. anduonohu", "Poasia"}, {"kelurahan rahandouna", "Poasia"},
		{"kel. poasia", "Abeli"}, {"kelurahan poasia", "Abeli"}, {"kel poasia kec abeli", "Abeli"},
		{"abeli dalam", "Puuwatu"}, {"kel. abeli dalam", "Puuwatu"}, {"bende", "Kadia"},
		{"korumba", "Mandonga"}, {"kampung salo", "Kendari"}, {"kendari caddi", "Kendari"},
		{"mangga dua", "Kendari"}, {"benu-benua", "Kendari Barat"}, {"dapu-dapura", "Kendari Barat"},
		{"tipulu", "Kendari Barat"}, {"bonggoeya", "Wua-Wua"}, {"padaleu", "Kambu"}, {"petoaha", "Nambo"},
		{"bungkutoko", "Nambo"}, {"watubangga", "Baruga"}, {"anduonohu kec. poasia", "Poasia"},
		{"Jl. Malaka, kel. Anduonohu, kec. Kambu, kota kendari", "Kambu"},
		{"sentra meubel lepo-lepo kota kendari", "Baruga"}, {"anduonuhu", "Poasia"},
		{"kasilampe", "Kendari"}, {"kessilampe", "Kendari"},
		// ambiguous or unknown
		{"", none}, {"   ", none}, {"kota kendari", none}, {"Kota Kendari", none}, {"kendari kota", none},
		{"halo", none}, {"tidak tahu", none}, {"2", none}, {"mandonga baruga", none}, {"\xff\xfe", none},
		{"sultra", none}, {"😊", none}, {"bambu", none}, {"benda", none}, {"sana", none}, {"data", none},
		{"kamu", none}, {strings.Repeat("kendari barat ", 500), "Kendari Barat"},
		{strings.Repeat("x", 5000), none},
		// outside the city
		{"di luar kendari", out}, {"luar kota", out}, {"luar", out}, {"konawe", out}, {"konawe selatan", out},
		{"Konsel", out}, {"kolaka", out}, {"bau-bau", out}, {"baubau", out}, {"bau2", out}, {"muna", out},
		{"buton", out}, {"wakatobi", out}, {"bombana", out}, {"unaaha", out}, {"makassar", out},
		{"makasar", out}, {"jakarta", out}, {"saya di luar kota kendari", out}, {"ranomeeto konsel", out},
		// inside wins over outside
		{"dulu di kolaka skrg di poasia", "Poasia"}, {"konawe, dekat kota kendari", out},
	}
	for _, tt := range tests {
		name, ok, outside := Kecamatan(tt.in)
		switch tt.want {
		case none:
			if ok || outside || name != "" {
				t.Errorf("Kecamatan(%.40q) = %q, %v, %v; want nothing", tt.in, name, ok, outside)
			}
		case out:
			if ok || !outside || name != "" {
				t.Errorf("Kecamatan(%.40q) = %q, %v, %v; want outside", tt.in, name, ok, outside)
			}
		default:
			if name != tt.want || !ok || outside {
				t.Errorf("Kecamatan(%.40q) = %q, %v, %v; want %q", tt.in, name, ok, outside, tt.want)
			}
		}
	}
}

// Each of the 11 kecamatan with the typos owners make; a two-word
// kecamatan with a typo in its second word is that kecamatan, not
// Kendari followed by an unknown word.
func TestKecamatanTypos(t *testing.T) {
	tests := []struct {
		want string
		ins  []string
	}{
		{"Abeli", []string{"abelli", "abelii", "abeli kec", "kec abelu"}},
		{"Baruga", []string{"barugq", "baruka", "barugha", "bruga"}},
		{"Kadia", []string{"kadiya", "kadya", "kaddia", "kec kadiaa"}},
		{"Kambu", []string{"kambuu", "kanbu", "kaambu", "kambuh"}},
		{"Kendari", []string{"kendary", "kendri", "kndari", "kendarri", "kec kendar"}},
		{"Kendari Barat", []string{"kendari bart", "kendari barad", "kendari baratt", "kendari barar", "kendari brat",
			"kendary barat", "kndari barat", "kendari brt", "kendaribrat", "kendari baraat", "kendari-bart",
			"kec. kendari bart", "di kendari bart pak", "kendri barat", "kendari barta", "kdi bart"}},
		{"Mandonga", []string{"mandonnga", "mandoga", "madonga", "mandonga kota kendari", "mandongaa"}},
		{"Nambo", []string{"nanbo", "nambo kendari", "nambbo", "kec nammbo"}},
		{"Poasia", []string{"poasi", "poasya", "puasia", "poassia"}},
		{"Puuwatu", []string{"puwatu", "puuwato", "puu watu", "pu'uwatu", "puwuatu"}},
		{"Wua-Wua", []string{"wuawua", "wua wa", "wuwa wua", "wua2", "wuw-wua", "wuaa wua"}},
		// kelurahan whose names are two words, with a typo
		{"Puuwatu", []string{"abeli dalm", "abeli dlm"}},
		{"Kendari", []string{"kendari cadi", "gunung jaty", "mangga duaa"}},
		{"Kendari Barat", []string{"benu benuaa", "dapu dapuraa"}},
	}
	for _, tt := range tests {
		for _, in := range tt.ins {
			if got, ok, out := Kecamatan(in); got != tt.want || !ok || out {
				t.Errorf("Kecamatan(%q) = %q, %v, %v; want %q", in, got, ok, out, tt.want)
			}
		}
	}
	// two places, each one by itself, stay two places
	for in, want := range map[string]string{"mandonga kendari": "Mandonga", "kendari mandonga": "Mandonga",
		"kendari barat kendari": "Kendari Barat", "nambu": "", "kambo": "", "kendari bambu": "Kendari"} {
		if got, _, _ := Kecamatan(in); got != want {
			t.Errorf("Kecamatan(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every kelurahan listed in DOMAIN.md section 4 maps to its kecamatan.
func TestKecamatanAllKelurahan(t *testing.T) {
	kel := map[string][]string{
		"Abeli":         {"Abeli", "Anggalomelai", "Benua Nirae", "Lapulu", "Pudai", "Talia"},
		"Nambo":         {"Bungkutoko", "Nambo", "Petoaha", "Sambuli", "Tobimeita", "Tondonggeu"},
		"Poasia":        {"Anduonohu", "Anggoeya", "Matabubu", "Rahandouna", "Wundumbatu"},
		"Mandonga":      {"Alolama", "Anggilowu", "Korumba", "Labibia", "Mandonga", "Wawombalata"},
		"Puuwatu":       {"Abeli Dalam", "Lalodati", "Punggolaka", "Puuwatu", "Tobuuha", "Watulondo"},
		"Kadia":         {"Anaiwoi", "Bende", "Kadia", "Pondambea", "Wowawanggu"},
		"Baruga":        {"Baruga", "Lepo-Lepo", "Watubangga", "Wundudopi"},
		"Wua-Wua":       {"Anawai", "Bonggoeya", "Mataiwoi", "Wua-Wua"},
		"Kambu":         {"Kambu", "Lalolara", "Mokoau", "Padaleu"},
		"Kendari":       {"Gunung Jati", "Jati Mekar", "Kampung Salo", "Kandai", "Kessilampe", "Kendari Caddi", "Mangga Dua", "Mata", "Purirano"},
		"Kendari Barat": {"Benu-Benua", "Dapu-Dapura", "Kemaraya", "Lahundape", "Punggaloba", "Sanua", "Sodohoa", "Tipulu", "Watu-Watu"},
	}
	n := 0
	for kec, list := range kel {
		for _, k := range list {
			n++
			for _, in := range []string{k, "kel. " + k, "Kelurahan " + strings.ToUpper(k)} {
				if got, ok, _ := Kecamatan(in); !ok || got != kec {
					t.Errorf("Kecamatan(%q) = %q, %v; want %q", in, got, ok, kec)
				}
			}
		}
	}
	if n != 64 { // 65 kelurahan, Poasia (in Abeli) is tested on its own
		t.Errorf("listed %d kelurahan", n)
	}
	if got, _, _ := Kecamatan("kelurahan Poasia"); got != "Abeli" {
		t.Errorf("kelurahan Poasia -> %q", got)
	}
}

func TestKecamatanRoundTrip(t *testing.T) {
	for _, n := range KecamatanNames() {
		for _, in := range []string{n, strings.ToLower(n), strings.ToUpper(n), "kec. " + n, "Kecamatan " + n + ", Kota Kendari"} {
			if got, ok, out := Kecamatan(in); got != n || !ok || out {
				t.Errorf("Kecamatan(%q) = %q, %v, %v", in, got, ok, out)
			}
		}
	}
}

func FuzzKecamatan(f *testing.F) {
	for _, s := range []string{"wua2", "kendari brt", "kota kendari", "di luar kendari", "kel. poasia", "\xff"} {
		f.Add(s)
	}
	names := KecamatanNames()
	f.Fuzz(func(t *testing.T, s string) {
		name, ok, outside := Kecamatan(s)
		if ok && outside {
			t.Fatalf("Kecamatan(%q): ok and outside", s)
		}
		if ok != (name != "") || ok && !slices.Contains(names, name) {
			t.Fatalf("Kecamatan(%q) = %q, %v", s, name, ok)
		}
		if n2, ok2, out2 := Kecamatan(Normalize(s)); n2 != name || ok2 != ok || out2 != outside {
			t.Fatalf("Kecamatan(%q) = %q,%v,%v but of its normal form %q,%v,%v", s, name, ok, outside, n2, ok2, out2)
		}
	})
}

func BenchmarkKecamatan(b *testing.B) {
	for b.Loop() {
		Kecamatan("Jl. Malaka, kel. Anduonohu, kec. Kambu, kota kendari")
	}
}
