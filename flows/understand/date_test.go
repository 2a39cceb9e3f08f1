package understand

import (
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	wita := time.FixedZone("WITA", 8*3600)
	now := time.Date(2026, 12, 2, 10, 30, 0, 0, wita) // a Wednesday
	for _, c := range []struct {
		in      string
		want    string // "2006-01-02 15:04", "" when not ok
		hasTime bool
	}{
		{"12/12", "2026-12-12 00:00", false},
		{"12/12/2026 08.00", "2026-12-12 08:00", true},
		{"12-12-2026 jam 9", "2026-12-12 09:00", true},
		{"12 des 2026 08.00", "2026-12-12 08:00", true},
		{"12 Desember jam 13.30", "2026-12-12 13:30", true},
		{"5 jan", "2027-01-05 00:00", false}, // a date past this year: next year's
		{"senin depan jam 9", "2026-12-07 09:00", true},
		{"rabu jam 9", "2026-12-09 09:00", true}, // today is Wednesday: the next one
		{"besok jam 14.30", "2026-12-03 14:30", true},
		{"lusa pagi", "2026-12-04 08:00", true},
		{"jam 2 siang", "2026-12-02 14:00", true},
		{"jam 9", "2026-12-03 09:00", true}, // 9:00 has passed today
		{"pukul 15.00 WITA", "2026-12-02 15:00", true},
		{"31/02", "", false},
		{"1/1/2020", "", false}, // past
		{"13/13", "", false},
		{"kapan saja", "", false},
		{"", "", false},
	} {
		got, hasTime, ok := ParseDateTime(c.in, now, wita)
		s := ""
		if ok {
			s = got.Format("2006-01-02 15:04")
		}
		if s != c.want || ok && hasTime != c.hasTime {
			t.Errorf("ParseDateTime(%q) = %q (time %v, ok %v), want %q (time %v)", c.in, s, hasTime, ok, c.want, c.hasTime)
		}
	}
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"12/12", "senin depan jam 9", "12 des 2026 08.00", "besok", "31/02", "jam 25"} {
		f.Add(s)
	}
	wita := time.FixedZone("WITA", 8*3600)
	now := time.Date(2026, 12, 2, 10, 30, 0, 0, wita)
	f.Fuzz(func(t *testing.T, s string) {
		got, _, ok := ParseDateTime(s, now, wita)
		if ok && (got.Before(now.AddDate(0, 0, -1)) || got.After(now.AddDate(11, 0, 0))) {
			t.Errorf("ParseDateTime(%q) = %v, far from now", s, got)
		}
	})
}
