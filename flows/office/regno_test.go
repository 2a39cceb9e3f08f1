package office_test

import (
	"errors"
	"testing"

	"sobat-ikm/flows/office"
)

func TestParseRegNo(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"IKM-000123", 123}, {"ikm-000123", 123}, {" IKM 123 ", 123}, {"IKM000123", 123}, {"123", 123},
		{"IKM-1", 1}, {"IKM--42", 42},
	} {
		if got, err := office.ParseRegNo(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseRegNo(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "IKM-", "IKM-0", "0", "-5", "IKM-12a", "HL-2026-0007", "IKM-99999999999999999999", "12 3", "+12"} {
		if got, err := office.ParseRegNo(bad); !errors.Is(err, office.ErrBadRegNo) {
			t.Errorf("ParseRegNo(%q) = %d, %v; want ErrBadRegNo", bad, got, err)
		}
	}
}
