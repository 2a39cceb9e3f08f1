package understand

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
		err  error
	}{
		{"Budi Santoso", 60, "Budi Santoso", nil},
		{"  budi   santoso  ", 60, "budi santoso", nil},
		{"Wa Ode Nurhayati", 60, "Wa Ode Nurhayati", nil},
		{"La Ode", 60, "La Ode", nil},
		{"UD Sinar Jaya", 60, "UD Sinar Jaya", nil},
		{"CV. Abon Ikan Kendari 99", 60, "CV. Abon Ikan Kendari 99", nil},
		{"Toko 212", 60, "Toko 212", nil},
		{"Bisa Jaya", 60, "Bisa Jaya", nil},
		{"Sip Bakery", 60, "Sip Bakery", nil},
		{"Siap Jaya Mebel", 60, "Siap Jaya Mebel", nil},
		{"Mulia", 60, "Mulia", nil},
		{"Stok Jaya", 60, "Stok Jaya", nil},
		{"Hj. Sitti Aminah", 60, "Hj. Sitti Aminah", nil},
		{"D'Kendari Silver", 60, "D'Kendari Silver", nil},
		{"José Ñandú", 60, "José Ñandú", nil},
		{"Ani\u200b", 60, "Ani", nil},
		{"Ani\x00 Lestari", 60, "Ani Lestari", nil},
		{"Ani\n\nLestari", 60, "Ani Lestari", nil},
		{"Ani\xff Lestari\xfe", 60, "Ani Lestari", nil},
		{"Ani 😊", 60, "Ani 😊", nil},
		{"Al", 60, "Al", nil},
		{"Ibu Ani", 60, "Ibu Ani", nil},
		{"Om Budi", 60, "Om Budi", nil},
		{"Saya Jaya Mebel", 60, "Saya Jaya Mebel", nil},
		{"Sinar Ibu", 60, "Sinar Ibu", nil},
		{"Mama Ani", 60, "Mama Ani", nil},
		{"Wa Ode Sitti", 60, "Wa Ode Sitti", nil},
		{"Toko 212 Jaya", 60, "Toko 212 Jaya", nil},
		{"Ya Ode", 60, "Ya Ode", nil},
		{"Budi Santoso", 12, "Budi Santoso", nil},
		{"Budi Santoso", 0, "Budi Santoso", nil},
		// too long
		{"Budi Santoso", 11, "", ErrTooLong},
		{strings.Repeat("a", 5000), 60, "", ErrTooLong},
		// not names
		{"", 60, "", ErrNotAName},
		{"   ", 60, "", ErrNotAName},
		{"A", 60, "", ErrNotAName},
		{"123", 60, "", ErrNotAName},
		{"12 3", 60, "", ErrNotAName},
		{"😊😊", 60, "", ErrNotAName},
		{"!!!", 60, "", ErrNotAName},
		{"\xff\xfe", 60, "", ErrNotAName},
		{"ya", 60, "", ErrNotAName},
		{"Iya", 60, "", ErrNotAName},
		{"iya betul", 60, "", ErrNotAName},
		{"ok", 60, "", ErrNotAName},
		{"tidak", 60, "", ErrNotAName},
		{"gak ada", 60, "", ErrNotAName},
		{"belum punya", 60, "", ErrNotAName},
		{"tidak tahu", 60, "", ErrNotAName},
		{"menu", 60, "", ErrNotAName},
		{"Batal", 60, "", ErrNotAName},
		{"bantuan", 60, "", ErrNotAName},
		{"hapus data saya", 60, "", ErrNotAName},
		{"stop", 60, "", ErrNotAName},
		{"081234567890", 60, "", ErrNotAName},
		{"Budi 0812-3456-7890", 60, "", ErrNotAName},
		{"NIB 1234567890123", 60, "", ErrNotAName},
		{strings.Repeat("😊", 5000), 0, "", ErrNotAName},
		// pronouns and polite address alone
		{"sy", 60, "", ErrNotAName},
		{"saya", 60, "", ErrNotAName},
		{"ibu", 60, "", ErrNotAName},
		{"Bapak", 60, "", ErrNotAName},
		{"saya ibu", 60, "", ErrNotAName},
		{"I am", 60, "", ErrNotAName},
		{"nama saya", 60, "", ErrNotAName},
		{"my name", 60, "", ErrNotAName},
		{"pemilik", 60, "", ErrNotAName},
		// yes/no answers, with pronouns and list numbers
		{"yes I agree", 60, "", ErrNotAnswer},
		{"I agree", 60, "", ErrNotAnswer},
		{"1. Ya, saya setuju", 60, "", ErrNotAnswer},
		{"1) ya setuju", 60, "", ErrNotAnswer},
		{"iya bu", 60, "", ErrNotAnswer},
		{"iya saya setuju pak", 60, "", ErrNotAnswer},
		{"ok sy setuju", 60, "", ErrNotAnswer},
		{"2. Tidak", 60, "", ErrNotAnswer},
		{"ya", 60, "", ErrNotAnswer},
		{"makasih", 60, "", ErrNotAnswer},
		{"terima kasih banyak pak", 60, "", ErrNotAnswer},
		{"Kasih Ibu", 60, "Kasih Ibu", nil},
	}
	for _, tt := range tests {
		got, err := ParseName(tt.in, tt.max)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ParseName(%.40q, %d) = %q, %v; want %q, %v", tt.in, tt.max, got, err, tt.want, tt.err)
		}
	}
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"Budi Santoso", "  wa ode  ", "ya", "\xff\xfeAni", "😊", "menu"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		const max = 60
		got, err := ParseName(s, max)
		if err != nil {
			if got != "" || !errors.Is(err, ErrTooLong) && !errors.Is(err, ErrNotAName) {
				t.Fatalf("ParseName(%q) = %q, %v", s, got, err)
			}
			return
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max {
			t.Fatalf("ParseName(%q) = %q", s, got)
		}
		if strings.TrimSpace(got) != got || strings.Contains(got, "  ") {
			t.Fatalf("ParseName(%q) = %q: stray spaces", s, got)
		}
		letters := 0
		for _, r := range got {
			if unicode.IsLetter(r) {
				letters++
			}
			if unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' {
				t.Fatalf("ParseName(%q) = %q: holds %U", s, got, r)
			}
		}
		if letters < 2 {
			t.Fatalf("ParseName(%q) = %q: fewer than 2 letters", s, got)
		}
		if again, err := ParseName(got, max); again != got || err != nil {
			t.Fatalf("ParseName(%q) = %q, then %q, %v", s, got, again, err)
		}
	})
}
