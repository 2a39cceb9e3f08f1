package understand

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"081234567890", "+6281234567890", nil},
		{"0812-3456-7890", "+6281234567890", nil},
		{"0812 3456 7890", "+6281234567890", nil},
		{"0812.3456.7890", "+6281234567890", nil},
		{"(0812) 3456-7890", "+6281234567890", nil},
		{"+6281234567890", "+6281234567890", nil},
		{"+62 812-3456-7890", "+6281234567890", nil},
		{"+62 (812) 3456 7890", "+6281234567890", nil},
		{"62 812 3456 7890", "+6281234567890", nil},
		{"6281234567890", "+6281234567890", nil},
		{"+62 0812 3456 7890", "+6281234567890", nil},
		{"0062 812 3456 7890", "+6281234567890", nil},
		{"  0852 9876 543  ", "+628529876543", nil},
		{"081234567", "+6281234567", nil},       // shortest: 0 8[1-9] + 6 digits
		{"081234567890", "+6281234567890", nil}, // longest: 0 8[1-9] + 9 digits
		{"08123456", "", ErrPhoneFormat},
		{"0812345678901", "+62812345678901", nil}, // 13 digits, as DOMAIN.md allows
		{"no hp: 0812-3456-7890", "+6281234567890", nil},
		{"WA 081234567890", "+6281234567890", nil},
		{"Nomor WA: +62 812 3456 7890", "+6281234567890", nil},
		{"０８１２３４５６７８９０", "+6281234567890", nil},
		{"0812‑3456‑7890", "+6281234567890", nil}, // non-breaking hyphens
		{"0812\u00a03456\u00a07890", "+6281234567890", nil},
		{"0812\xff34567890", "+6281234567890", nil},
		// as owners copy them from contacts, cards and signboards
		{"(+62) 812/3450/9999", "+6281234509999", nil},
		{"0812/3450/9999", "+6281234509999", nil},
		{"+62 (0)812-3450-9999", "+6281234509999", nil},
		{"+62(0)81234509999", "+6281234509999", nil},
		{"62-812-3450-9999", "+6281234509999", nil},
		{"+62.812.3450.9999", "+6281234509999", nil},
		{"(62) 812 3450 9999", "+6281234509999", nil},
		{"+(62) 812 3450 9999", "+6281234509999", nil},
		{"(0812)-3450-9999", "+6281234509999", nil},
		{"0812 - 3450 - 9999", "+6281234509999", nil},
		{"0812_3450_9999", "+6281234509999", nil},
		{"0812\\3450\\9999", "+6281234509999", nil},
		{"[0812] 3450 9999", "+6281234509999", nil},
		{"0812–3450–9999", "+6281234509999", nil}, // en dashes
		{"０８１２／３４５０／９９９９", "+6281234509999", nil},
		{"no. hp: (+62) 812/3450/9999", "+6281234509999", nil},
		// landlines
		{"0401 312345", "", ErrPhoneLandline},
		{"(0401) 3123456", "", ErrPhoneLandline},
		{"+62 401 312345", "", ErrPhoneLandline},
		{"021-5551234", "", ErrPhoneLandline},
		// not mobile numbers
		{"", "", ErrPhoneFormat},
		{"   ", "", ErrPhoneFormat},
		{"belum punya", "", ErrPhoneFormat},
		{"0812", "", ErrPhoneFormat},
		{"0812345", "", ErrPhoneFormat},
		{"08123456789012", "", ErrPhoneFormat},
		{"0802345678", "", ErrPhoneFormat},
		{"081234567890a", "", ErrPhoneFormat},
		{"81234567890", "", ErrPhoneFormat},
		{"+6081234567", "", ErrPhoneFormat},
		{"+1 555 123 4567", "", ErrPhoneFormat},
		{"++6281234567890", "", ErrPhoneFormat},
		{"0812+34567890", "", ErrPhoneFormat},
		{"0812345678 / 0813456789", "", ErrPhoneFormat}, // two numbers: FindPhone takes the first
		{"(+62) 812/3450/9999 ext 2", "", ErrPhoneFormat},
		{"0812*3450*9999", "", ErrPhoneFormat},
		{"08123456789 08123456789", "", ErrPhoneFormat},
		{"1234567890123", "", ErrPhoneFormat},
		{"😊", "", ErrPhoneFormat},
		{"\xff\xfe", "", ErrPhoneFormat},
		{"hp", "", ErrPhoneFormat},
		{strings.Repeat("0", 5000), "", ErrPhoneFormat},
		{"08" + strings.Repeat("1", 5000), "", ErrPhoneFormat},
	}
	for _, tt := range tests {
		got, err := ParsePhone(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ParsePhone(%.40q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

var phoneOut = regexp.MustCompile(`^\+628[1-9][0-9]{6,10}$`)

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"0812-3456-7890", "+62 812 3456 7890", "(0401) 312345", "\xff", "+62 0812 345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePhone(s)
		if err != nil {
			if got != "" || !errors.Is(err, ErrPhoneFormat) && !errors.Is(err, ErrPhoneLandline) {
				t.Fatalf("ParsePhone(%q) = %q, %v", s, got, err)
			}
			return
		}
		if !phoneOut.MatchString(got) {
			t.Fatalf("ParsePhone(%q) = %q: not +628...", s, got)
		}
		if again, err := ParsePhone(got); again != got || err != nil {
			t.Fatalf("ParsePhone(%q) = %q, but ParsePhone(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
