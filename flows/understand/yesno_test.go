package understand

import (
	"strings"
	"testing"
)

func TestYesNo(t *testing.T) {
	type res struct{ yes, ok bool }
	yes, no, unclear := res{true, true}, res{false, true}, res{false, false}
	tests := []struct {
		in   string
		want res
	}{
		// yes
		{"ya", yes}, {"Ya", yes}, {"YA", yes}, {"iya", yes}, {"iyaaa", yes}, {"iyaa kak", yes}, {"y", yes},
		{"Y", yes}, {"yoi", yes}, {"ok", yes}, {"OK", yes}, {"oke", yes}, {"okey", yes}, {"okay", yes},
		{"sip", yes}, {"siap", yes}, {"siap pak!", yes}, {"betul", yes}, {"benar", yes}, {"bnr", yes},
		{"bisa", yes}, {"iye", yes}, {"setuju", yes}, {"stuju", yes}, {"boleh", yes}, {"blh", yes},
		{"yes", yes}, {"Yes!", yes}, {"yup", yes}, {"sure", yes}, {"👍", yes}, {"👍🏽", yes}, {"👌", yes},
		{"✅", yes}, {"iya betul", yes}, {"ya pak", yes}, {"ya, benar sekali", yes}, {"oh iya", yes},
		{"eh iya bisa", yes}, {"  IYA  ", yes}, {"sudah", yes}, {"udh", yes}, {"mau", yes},
		{"gak papa", yes}, {"tidak apa apa", yes}, {"gpp", yes}, {"tidak masalah", yes},
		{"\xffya\xfe", yes}, {"ya" + strings.Repeat(" x", 2500), yes},
		// no
		{"tidak", no}, {"Tidak.", no}, {"tdk", no}, {"tdak", no}, {"gak", no}, {"ga", no}, {"gk", no},
		{"g", no}, {"nggak", no}, {"ngga", no}, {"enggak", no}, {"ndak", no}, {"nda", no}, {"tak", no},
		{"no", no}, {"No", no}, {"nope", no}, {"n", no}, {"jangan", no}, {"jgn", no}, {"tidak mau", no},
		{"gak jadi", no}, {"ga jadi pak", no}, {"blm", no}, {"belum", no}, {"belom", no}, {"bukan", no},
		{"salah", no}, {"👎", no}, {"❌", no}, {"tidak, terima kasih", no}, {"dont", no}, {"don't", no},
		// unclear
		{"", unclear}, {"   ", unclear}, {"batal", unclear}, {"batalkan", unclear}, {"gak tau", unclear},
		{"tidak tahu", unclear}, {"belum tentu", unclear}, {"not sure", unclear}, {"ya tidak tahu", unclear},
		{"mungkin", unclear}, {"hmm", unclear}, {"halo", unclear}, {"2", unclear}, {"menu", unclear},
		{"apa?", unclear}, {"pak", unclear}, {"\xff\xfe", unclear}, {"😊", unclear}, {"yaitu", unclear},
		{"besar", unclear}, {"no 1", unclear}, {"no. 2", unclear}, {"no dua", unclear}, {"susah", unclear}, {"buka", unclear}, {"tidur", unclear},
	}
	for _, tt := range tests {
		y, ok := YesNo(tt.in)
		if (res{y, ok}) != tt.want {
			t.Errorf("YesNo(%q) = %v, %v; want %v, %v", tt.in, y, ok, tt.want.yes, tt.want.ok)
		}
	}
}

func TestYesNoNeverYesAndNotOK(t *testing.T) {
	for _, s := range []string{"", "x", "batal", "\xff"} {
		if y, ok := YesNo(s); y && !ok {
			t.Errorf("YesNo(%q) = yes but not ok", s)
		}
	}
}
