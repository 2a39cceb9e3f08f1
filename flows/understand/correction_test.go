package understand

import (
	"slices"
	"strings"
	"testing"
)

// formFields are the registration form's fields as the summary names them.
var formFields = []Field{
	{"name", []string{"Nama", "nama", "nama saya", "nama pemilik", "name"}},
	{"business", []string{"Nama usaha", "nama usaha", "usaha", "toko", "business"}},
	{"sector", []string{"Bidang usaha", "sektor", "bidang", "jenis usaha", "sector"}},
	{"products", []string{"Produk utama", "produk", "produk utama", "products"}},
	{"kecamatan", []string{"Kecamatan", "kecamatan", "kec", "district"}},
	{"address", []string{"Alamat", "alamat", "address"}},
	{"phone", []string{"Nomor HP", "hp", "nomor hp", "no hp", "telepon", "nomor", "wa", "no wa", "nomor wa", "whatsapp", "phone"}},
	{"nib", []string{"NIB", "nib"}},
}

func TestParseCorrection(t *testing.T) {
	tests := []struct {
		in     string
		fields []string // nil: no correction
		value  string
	}{
		// fields named with a word of change
		{"ubah alamat", []string{"address"}, ""},
		{"salah nomor hp", []string{"phone"}, ""},
		{"ya tapi nama usaha salah", []string{"business"}, ""},
		{"alamat sama no hp salah", []string{"address", "phone"}, ""},
		{"alamatnya salah", []string{"address"}, ""},
		{"ganti nama", []string{"name"}, ""},
		// "wa" alone or "no wa" is the phone
		{"ubah wa", []string{"phone"}, ""},
		{"ubah no wa", []string{"phone"}, ""},
		{"no wa salah", []string{"phone"}, ""},
		{"wa saya salah", []string{"phone"}, ""},
		{"nama dan wa salah", []string{"name", "phone"}, ""},
		{"ganti wa 0812 3450 9999", []string{"phone"}, ""},
		// a name that starts with "Wa" is a name
		{"ubah nama Wa Ode Sitti", []string{"name"}, ""},
		{"ubah nama jadi Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		{"nama: Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		{"Nama : Wa Ode Sitti Aisyah", []string{"name"}, "Wa Ode Sitti Aisyah"},
		{"nama=Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		{"ganti nama menjadi Wa Nuri", []string{"name"}, "Wa Nuri"},
		{"ya tapi nama salah, harusnya Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		{"nama yang benar Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		{"change name to Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		{"i want to change my name to Wa Ode Sitti", []string{"name"}, "Wa Ode Sitti"},
		// other fields with their value
		{"nama usaha: Tenun Wa Ode", []string{"business"}, "Tenun Wa Ode"},
		{"alamat: Jl. Sao-Sao No. 12, Kel. Bende", []string{"address"}, "Jl. Sao-Sao No. 12, Kel. Bende"},
		{"alamat jadi Jl. Poros: No 5", []string{"address"}, "Jl. Poros: No 5"},
		{"no wa: (+62) 812/3450/9999", []string{"phone"}, "(+62) 812/3450/9999"},
		{"ubah hp jadi +62 813 4000 1111", []string{"phone"}, "+62 813 4000 1111"},
		{"kecamatan jadi kambu", []string{"kecamatan"}, "kambu"},
		{"nib: 9120005556667", []string{"nib"}, "9120005556667"},
		// a value for two fields, or a question, is no value
		{"nama dan alamat salah, harusnya Budi", []string{"name", "address"}, ""},
		{"ubah nama usaha jadi apa?", []string{"business"}, ""},
		// no correction
		{"tidak jadi", nil, ""},
		{"ya", nil, ""},
		{"1", nil, ""},
		{"wa", nil, ""},
		{"no wa", nil, ""},
		{"sudah benar", nil, ""},
		{"salah", nil, ""},
		{"ubah", nil, ""},
		{"ubah wa ode sitti", nil, ""},
		{"Wa Ode Sitti", nil, ""},
		{"jadi: iya", nil, ""},
		{"", nil, ""},
		{strings.Repeat("ubah alamat ", 100), nil, ""},
	}
	for _, tt := range tests {
		c, ok := ParseCorrection(tt.in, formFields)
		if ok != (tt.fields != nil) || !slices.Equal(c.Fields, tt.fields) || c.Value != tt.value {
			t.Errorf("ParseCorrection(%.50q) = %q, %q, %v; want %q, %q", tt.in, c.Fields, c.Value, ok, tt.fields, tt.value)
		}
	}
}

func FuzzParseCorrection(f *testing.F) {
	for _, s := range []string{"nama: Wa Ode", "ubah no wa", "alamat jadi x: y", "\xff:=", "jadi jadi jadi"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCorrection(s, formFields)
		if ok != (len(c.Fields) > 0) {
			t.Fatalf("ParseCorrection(%q) = %v, %v", s, c, ok)
		}
		if c.Value != "" && (len(c.Fields) != 1 || !strings.Contains(s, c.Value)) {
			t.Fatalf("ParseCorrection(%q) = %v", s, c)
		}
	})
}
