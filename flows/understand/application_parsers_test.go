package understand

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseNIK(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      error
	}{
		{"7471014506900001", "7471014506900001", nil}, // woman born 5 June 1990 in Kendari
		{"NIK: 7471 0145 0690 0001", "7471014506900001", nil},
		{"no ktp 7471-0105-0690-0012", "7471010506900012", nil},
		{"3201012902000005", "3201012902000005", nil}, // 29 Feb: a leap year exists; not from Kendari
		{"７４７１０１４５０６９００００１", "7471014506900001", nil}, // full-width digits
		{"747101450690001", "", ErrNIKLength},         // 15 digits
		{"74710145069000011", "", ErrNIKLength},       // 17 digits
		{"7471013206900001", "", ErrNIKInvalid},       // day 32
		{"7471017206900001", "", ErrNIKInvalid},       // day 72 (women: 41-71)
		{"7471013002900001", "", ErrNIKInvalid},       // 30 February
		{"7471010513900001", "", ErrNIKInvalid},       // month 13
		{"0071010506900001", "", ErrNIKInvalid},       // no province 00
		{"7471010506900000", "", ErrNIKInvalid},       // serial 0000
		{"belum punya", "", ErrNIKFormat},
		{"7471a14506900001", "", ErrNIKFormat},
	} {
		got, err := ParseNIK(c.in)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("ParseNIK(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
	var le NIKLengthError
	if _, err := ParseNIK("747101450690001"); !errors.As(err, &le) || le.Got != 15 {
		t.Errorf("length error %v, want Got 15", err)
	}
}

func TestMaskNIK(t *testing.T) {
	if got := MaskNIK("7471014506900001"); got != "7471********0001" {
		t.Errorf("MaskNIK = %q", got)
	}
	if got := MaskNIK("12345"); got != "*****" {
		t.Errorf("MaskNIK(short) = %q", got)
	}
}

func TestParseMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		err  error
	}{
		{"2,5 jt", 2_500_000, nil},
		{"Rp15.000.000", 15_000_000, nil},
		{"Rp 750.000,-", 750_000, nil},
		{"750rb", 750_000, nil},
		{"750 ribu", 750_000, nil},
		{"1,2 juta", 1_200_000, nil},
		{"sejuta", 1_000_000, nil},
		{"15 juta rupiah", 15_000_000, nil},
		{"2jtan", 2_000_000, nil},
		{"sekitar 3 juta", 3_000_000, nil},
		{"dua juta lima ratus ribu", 2_500_000, nil},
		{"0", 0, nil},
		{"tidak ada", 0, nil},
		{"Rp2.500.000,00", 2_500_000, nil},
		{"Rp 300rb/bln", 300_000, nil},
		{"1.500.000 per bulan", 1_500_000, nil},
		{"gak ada", 0, nil},
		{"-500rb", 0, ErrMoney},
		{"1,5", 0, ErrMoney}, // a fraction of a rupiah
		{"mahal", 0, ErrMoney},
		{"2 atau 3 juta", 0, ErrMoney},
	} {
		got, err := ParseMoney(c.in)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestFormatRupiah(t *testing.T) {
	for n, want := range map[int64]string{0: "Rp0", 750: "Rp750", 15_000_000: "Rp15.000.000", 1_200_000: "Rp1.200.000", -5000: "-Rp5.000"} {
		if got := FormatRupiah(n); got != want {
			t.Errorf("FormatRupiah(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFindReference(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" when none
	}{
		{"HL-2026-0007", "HL-2026-0007"},
		{"hl 2026 7", "HL-2026-0007"},
		{"status TK-2026-0012", "TK-2026-0012"},
		{"pengajuan sy hl2026-07 sdh sampai mana?", "HL-2026-0007"},
		{"HL/2026/0007", "HL-2026-0007"},
		{"tk-2026-12?", "TK-2026-0012"},
		{"HL20260007", "HL-2026-0007"},
		{"HL–2026–0007", "HL-2026-0007"},
		{"cek status", ""},
		{"PHL-2026-0007", ""},   // part of another word
		{"HL-2026-0007A", ""},   // more after it
		{"HL-1999-0007", ""},    // no such year
		{"HL-2026-0000", ""},    // no such number
		{"hl 2026", ""},         // no number
		{"TK-2026-123456", ""},  // too long a number
		{"halal 2026 baru", ""}, // "halal" is not HL
	} {
		r, ok := FindReference(c.in)
		got := ""
		if ok {
			got = r.String()
		}
		if got != c.want {
			t.Errorf("FindReference(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzApplicationParsers(f *testing.F) {
	for _, s := range []string{"HL-2026-0007", "hl 2026 7", "2,5 jt", "Rp15.000.000", "7471014506900001", "sejuta", "tk2026-12", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := FindReference(s); ok {
			again, ok := FindReference(r.String())
			if !ok || again != r {
				t.Errorf("%q: %v does not read back (%v)", s, r, again)
			}
		}
		if n, err := ParseMoney(s); err == nil && n < 0 {
			t.Errorf("ParseMoney(%q) = %d", s, n)
		}
		if nik, err := ParseNIK(s); err == nil {
			if len(nik) != NIKLength || strings.Trim(nik, "0123456789") != "" {
				t.Errorf("ParseNIK(%q) = %q", s, nik)
			}
			if m := MaskNIK(nik); utf8.RuneCountInString(m) != NIKLength || strings.Contains(m, nik[4:12]) {
				t.Errorf("MaskNIK(%q) = %q", nik, m)
			}
		}
	})
}
