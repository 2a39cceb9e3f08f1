package understand

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNIB(t *testing.T) {
	const nib = "1234567890123"
	type want struct {
		nib  string
		none bool
		got  int // digits in a NIBLengthError; -1 for ErrNIBFormat; 0 for no error
	}
	ok := want{nib, false, 0}
	none := want{"", true, 0}
	format := want{"", false, -1}
	length := func(n int) want { return want{"", false, n} }
	tests := []struct {
		in   string
		want want
	}{
		{"1234567890123", ok}, {" 1234567890123 ", ok}, {"1234 5678 90123", ok}, {"1234-5678-90123", ok},
		{"1234.5678.90123", ok}, {"NIB: 1234567890123", ok}, {"nib 1234567890123", ok},
		{"no nib 1234567890123", ok}, {"Nomor NIB: 1234 5678 90123", ok}, {"１２３４５６７８９０１２３", ok},
		{"1234567890123\xff", ok}, {"1234567890123\n", ok},
		// no NIB
		{"belum punya", none}, {"belum", none}, {"blm", none}, {"blm ada", none}, {"tidak ada", none},
		{"gak punya", none}, {"tidak punya", none}, {"belum ada", none}, {"-", none}, {"--", none},
		{"—", none}, {"nanti", none}, {"nanti saja", none}, {"lagi diurus", none}, {"masih proses", none},
		{"sedang dalam proses", none}, {"Belum punya NIB pak", none}, {"nib nya belum ada kak", none},
		{"ga ada", none}, {"tdk", none}, {"tidak", none}, {"no", none}, {"none", none}, {"n/a", none},
		{"not yet", none}, {"i don't have", none}, {"BELUM", none}, {"belom", none}, {"kosong", none},
		{"gak tau", none},
		// wrong length
		{"123456789012", length(12)}, {"12345678901234", length(14)}, {"0", length(1)},
		{"7471010101010001", length(16)}, {"1234 5678 9012", length(12)}, {"nib: 123", length(3)},
		{strings.Repeat("1", 5000), length(5000)},
		// wrong format
		{"", format}, {"   ", format}, {"abc", format}, {"12345678901a3", format}, {"nib", format},
		{"sudah", format}, {"ya", format}, {"😊", format}, {"\xff\xfe", format}, {"1234567890123 ok", format},
		{"belum, 1234", format}, {strings.Repeat("x", 5000), format},
	}
	for _, tt := range tests {
		nib, none, err := ParseNIB(tt.in)
		var lerr NIBLengthError
		switch {
		case tt.want.got > 0:
			if !errors.As(err, &lerr) || lerr.Got != tt.want.got || !errors.Is(err, ErrNIBLength) || nib != "" || none {
				t.Errorf("ParseNIB(%.40q) = %q, %v, %v; want length %d", tt.in, nib, none, err, tt.want.got)
			}
		case tt.want.got < 0:
			if !errors.Is(err, ErrNIBFormat) || nib != "" || none {
				t.Errorf("ParseNIB(%.40q) = %q, %v, %v; want ErrNIBFormat", tt.in, nib, none, err)
			}
		default:
			if err != nil || nib != tt.want.nib || none != tt.want.none {
				t.Errorf("ParseNIB(%.40q) = %q, %v, %v; want %q, %v", tt.in, nib, none, err, tt.want.nib, tt.want.none)
			}
		}
	}
}

func TestNIBLengthError(t *testing.T) {
	var err error = NIBLengthError{Got: 12}
	if !errors.Is(err, ErrNIBLength) || errors.Is(err, ErrNIBFormat) {
		t.Errorf("errors.Is wrong for %v", err)
	}
	if !strings.Contains(err.Error(), "12") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func FuzzParseNIB(f *testing.F) {
	for _, s := range []string{"1234567890123", "1234-5678-90123", "belum punya", "12345", "abc", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nib, none, err := ParseNIB(s)
		switch {
		case none:
			if nib != "" || err != nil {
				t.Fatalf("ParseNIB(%q) = %q, none, %v", s, nib, err)
			}
		case err == nil:
			if len(nib) != 13 || strings.Trim(nib, "0123456789") != "" {
				t.Fatalf("ParseNIB(%q) = %q", s, nib)
			}
			if again, none, err := ParseNIB(nib); again != nib || none || err != nil {
				t.Fatalf("ParseNIB(%q) not stable", nib)
			}
		default:
			var lerr NIBLengthError
			if nib != "" {
				t.Fatalf("ParseNIB(%q) = %q with error %v", s, nib, err)
			}
			if errors.As(err, &lerr) {
				if lerr.Got == 13 || lerr.Got < 0 || !errors.Is(err, ErrNIBLength) {
					t.Fatalf("ParseNIB(%q): %v", s, err)
				}
			} else if !errors.Is(err, ErrNIBFormat) {
				t.Fatalf("ParseNIB(%q): unexpected error %v", s, err)
			}
		}
	})
}
