package understand

import (
	"errors"
	"strings"
	"testing"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		in       string
		min, max int
		want     string
		err      error
	}{
		{"Abon ikan tuna, kerupuk", 3, 200, "Abon ikan tuna, kerupuk", nil},
		{"  Jl. Malaka No. 5\nKel. Anduonohu  ", 5, 200, "Jl. Malaka No. 5 Kel. Anduonohu", nil},
		{"Kue\tbolu", 3, 200, "Kue bolu", nil},
		{"Mebel 🪑 kayu jati", 3, 200, "Mebel 🪑 kayu jati", nil},
		{"Perak\x00 filigree\x1b", 3, 200, "Perak filigree", nil},
		{"Tenun\xff\xfe", 3, 200, "Tenun", nil},
		{"123", 1, 200, "123", nil},
		{"Sagu", 0, 0, "Sagu", nil},
		{"Bisa pesan online", 3, 200, "Bisa pesan online", nil},
		{"Ada dua produk", 3, 200, "Ada dua produk", nil},
		{"\u202eabon", 3, 200, "abon", nil},
		{"👨‍👩‍👧 keluarga", 3, 200, "👨‍👩‍👧 keluarga", nil},
		{strings.Repeat("a", 5000), 1, 5000, strings.Repeat("a", 5000), nil},
		// empty
		{"", 3, 200, "", ErrEmpty},
		{"   \n\t ", 3, 200, "", ErrEmpty},
		{"😊😊", 3, 200, "", ErrEmpty},
		{"...!!!", 3, 200, "", ErrEmpty},
		{"\xff\xfe", 3, 200, "", ErrEmpty},
		// too long
		{"Abon ikan", 3, 8, "", ErrTooLong},
		{strings.Repeat("a", 5000), 1, 200, "", ErrTooLong},
		// not an answer
		{"ya", 3, 200, "", ErrNotAnswer},
		{"iya betul", 3, 200, "", ErrNotAnswer},
		{"tidak", 3, 200, "", ErrNotAnswer},
		{"gak ada pak", 3, 200, "", ErrNotAnswer},
		{"belum", 3, 200, "", ErrNotAnswer},
		{"ok 👍", 3, 200, "", ErrNotAnswer},
		{"gak tau", 3, 200, "", ErrNotAnswer},
		// too short
		{"ab", 3, 200, "", ErrTooShort},
		{"a", 2, 200, "", ErrTooShort},
	}
	for _, tt := range tests {
		got, err := ParseText(tt.in, tt.min, tt.max)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ParseText(%.40q, %d, %d) = %.40q, %v; want %.40q, %v", tt.in, tt.min, tt.max, got, err, tt.want, tt.err)
		}
	}
}
