package understand

import (
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"1", 1, true}, {"12", 12, true}, {" 12 ", 12, true}, {"12.", 12, true},
		{"０１２", 12, true}, {"nol", 0, true}, {"satu", 1, true}, {"dua", 2, true}, {"Sembilan", 9, true},
		{"sepuluh", 10, true}, {"sebelas", 11, true}, {"dua belas", 12, true}, {"duabelas", 12, true},
		{"sembilan belas", 19, true}, {"dua puluh", 20, true}, {"duapuluh", 20, true},
		{"dua puluh lima", 25, true}, {"duapuluhlima", 25, true}, {"seratus", 100, true},
		{"seratus lima", 105, true}, {"seratuslima", 105, true}, {"dua ratus lima puluh", 250, true},
		{"seribu", 1000, true}, {"dua ribu", 2000, true}, {"sejuta", 1_000_000, true},
		{"seratus lima puluh ribu", 150_000, true}, {"dua juta tiga ratus ribu", 2_300_000, true},
		{"twelve", 12, true}, {"Twenty-one", 21, true}, {"twentyone", 21, true}, {"one hundred", 100, true},
		{"a hundred", 100, true}, {"one hundred and five", 105, true}, {"five thousand", 5000, true},
		{"two thousand and twenty", 2020, true}, {"1.000", 1000, true}, {"15.000.000", 15_000_000, true},
		{"1,000", 1000, true}, {"15rb", 15_000, true}, {"15 rb", 15_000, true}, {"15k", 15_000, true},
		{"2jt", 2_000_000, true}, {"2,5 jt", 2_500_000, true}, {"2,5jt", 2_500_000, true},
		{"1,25 juta", 1_250_000, true}, {"Rp15.000", 15_000, true}, {"Rp 15.000,-", 15_000, true},
		{"sekitar 12 orang", 12, true}, {"ada 5 karyawan", 5, true}, {"kira2 10 org", 10, true},
		{"5 orang saja", 5, true}, {"2 ratus", 200, true}, {"3 miliar", 3_000_000_000, true},
		{"12 pak", 12, true},
		// not numbers
		{"", 0, false}, {"   ", 0, false}, {"-3", 0, false}, {"−3", 0, false}, {"1,5", 0, false},
		{"1.5", 0, false}, {"3 atau 4", 0, false}, {"3-4", 0, false}, {"dua tiga", 0, false},
		{"satu dua", 0, false}, {"a", 0, false}, {"and", 0, false}, {"ribu", 0, false},
		{"puluh", 0, false}, {"belas", 0, false}, {"nol nol", 0, false}, {"seratus nol", 0, false},
		{"ribu juta", 0, false}, {"dua ribu tiga ribu", 0, false}, {"banyak", 0, false},
		{"lima tahun", 0, false}, {"abc", 0, false}, {"12abc", 0, false}, {"1.00", 0, false},
		{"99999999999999999999", 0, false}, {"9999999999999999", 0, false},
		{"sejuta juta juta", 0, false}, {"nol puluh", 0, false}, {"\xff\xfe", 0, false},
		{"puluhan", 0, false}, {"ratusan", 0, false}, {"1 2", 0, false}, {"12/13", 0, false},
		{strings.Repeat("satu ", 1000), 0, false}, {strings.Repeat("9", 5000), 0, false},
	}
	for _, tt := range tests {
		got, ok := Number(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Number(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNumberOneToHundredIndonesian(t *testing.T) {
	units := []string{"", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"}
	say := func(n int) string {
		switch {
		case n == 10:
			return "sepuluh"
		case n == 11:
			return "sebelas"
		case n < 10:
			return units[n]
		case n < 20:
			return units[n-10] + " belas"
		case n%10 == 0:
			return units[n/10] + " puluh"
		}
		return units[n/10] + " puluh " + units[n%10]
	}
	for n := 1; n < 100; n++ {
		if got, ok := Number(say(n)); !ok || got != n {
			t.Errorf("Number(%q) = %d, %v", say(n), got, ok)
		}
	}
}
