package understand

import (
	"strconv"
	"strings"
	"time"
)

// monthNames are the months as typed, Indonesian and English, short and
// long.
var monthNames = map[string]time.Month{
	"jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "pebruari": 2, "february": 2,
	"mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5,
	"jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
	"nov": 11, "nopember": 11, "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}

// dayNames are the weekdays as typed.
var dayNames = map[string]time.Weekday{
	"minggu": time.Sunday, "ahad": time.Sunday, "sunday": time.Sunday, "senin": time.Monday, "monday": time.Monday,
	"selasa": time.Tuesday, "tuesday": time.Tuesday, "rabu": time.Wednesday, "wednesday": time.Wednesday,
	"kamis": time.Thursday, "thursday": time.Thursday, "jumat": time.Friday, "jum'at": time.Friday, "friday": time.Friday,
	"sabtu": time.Saturday, "saturday": time.Saturday,
}

// ParseDateTime reads a date and time as people type them, in loc (the
// office's WITA), relative to now: "12/12", "12/12/2026 08.00", "12 des
// 2026 jam 9", "senin depan jam 9" (the coming Monday), "besok jam
// 14.30", "lusa pagi". A
// date without a year is the next one to come; a time without a date is
// today's (or tomorrow's, when passed); a date without a time is 00:00
// and hasTime is false (the caller asks for the time). ok is false when
// the text holds no date nor time, an impossible one (31/02), or a date
// already past or more than ten years ahead: what is planned is to come.
func ParseDateTime(s string, now time.Time, loc *time.Location) (t time.Time, hasTime, ok bool) {
	now = now.In(loc)
	words := strings.Fields(strings.NewReplacer(",", " ", "pukul", " jam ", "pkl", " jam ", "wita", " ").Replace(strings.ToLower(s)))
	var (
		day, year  int
		month      time.Month
		hour, min  = -1, 0
		haveDate   bool
		weekday    = time.Weekday(-1)
		relativeTo = 0 // days from today: besok 1, lusa 2
		relative   bool
	)
	for i := 0; i < len(words); i++ {
		w := strings.Trim(words[i], ".")
		switch {
		case w == "jam" || w == "at" || w == "tgl" || w == "tanggal" || w == "hari" || w == "on":
		case w == "besok" || w == "tomorrow":
			relativeTo, relative = 1, true
		case w == "lusa":
			relativeTo, relative = 2, true
		case w == "today":
			relative = true
		case w == "depan" || w == "next" || w == "ini":
			// "senin depan", "senin ini": the coming Monday either way
		case w == "pagi" || w == "morning":
			if hour < 0 {
				hour = 8
			}
		case w == "siang":
			if hour < 0 {
				hour = 13
			} else if hour < 12 && hour != 11 {
				hour += 12
			}
		case w == "sore" || w == "afternoon":
			if hour < 0 {
				hour = 15
			} else if hour < 12 {
				hour += 12
			}
		case w == "malam" || w == "evening":
			if hour < 0 {
				hour = 19
			} else if hour < 12 {
				hour += 12
			}
		case dayNames[w] != 0 || w == "minggu" || w == "ahad" || w == "sunday":
			weekday = dayNames[w]
		case monthNames[w] != 0:
			month = monthNames[w]
			haveDate = true
		case strings.ContainsAny(w, "/-") && strings.Count(w, "/")+strings.Count(w, "-") <= 2:
			parts := strings.FieldsFunc(w, func(r rune) bool { return r == '/' || r == '-' })
			if len(parts) < 2 {
				return time.Time{}, false, false
			}
			d, err1 := strconv.Atoi(parts[0])
			m, err2 := strconv.Atoi(parts[1])
			if err1 != nil || err2 != nil || m < 1 || m > 12 {
				return time.Time{}, false, false
			}
			day, month, haveDate = d, time.Month(m), true
			if len(parts) == 3 {
				y, err := strconv.Atoi(parts[2])
				if err != nil {
					return time.Time{}, false, false
				}
				year = y
			}
		case isClock(w):
			h, m := clockOf(w)
			hour, min = h, m
		default:
			n, err := strconv.Atoi(w)
			if err != nil {
				return time.Time{}, false, false // a word we do not know: not a date
			}
			switch {
			case n >= 2000 && n <= 2100:
				year = n
			case i+1 < len(words) && monthNames[strings.Trim(words[i+1], ".")] != 0 && n >= 1 && n <= 31:
				day = n
			case i > 0 && (words[i-1] == "jam" || words[i-1] == "at") && n >= 0 && n <= 23:
				hour, min = n, 0
			case n >= 1 && n <= 31 && day == 0:
				day = n
			default:
				return time.Time{}, false, false
			}
		}
	}
	hasTime = hour >= 0
	if !hasTime {
		hour = 0
	}
	base := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	switch {
	case haveDate:
		if day == 0 {
			return time.Time{}, false, false
		}
		y := year
		if y == 0 {
			y = now.Year()
		}
		if y < 100 {
			y += 2000
		}
		t = time.Date(y, month, day, hour, min, 0, 0, loc)
		if t.Day() != day { // 31/02
			return time.Time{}, false, false
		}
		if year == 0 && t.Before(base) { // "12/01" in December: next year's
			t = t.AddDate(1, 0, 0)
		}
		if t.Before(base) || t.Year() > now.Year()+10 {
			return time.Time{}, false, false // (a training's date is to come)
		}
	case weekday >= 0:
		ahead := (int(weekday) - int(now.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7 // "senin" said on a Monday: the next one
		}
		t = base.AddDate(0, 0, ahead).Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	case relative:
		t = base.AddDate(0, 0, relativeTo).Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	case hasTime:
		t = base.Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
		if t.Before(now) {
			t = t.AddDate(0, 0, 1)
		}
	default:
		return time.Time{}, false, false
	}
	return t, hasTime, true
}

// isClock reports whether w is a time of day: "9.00", "08:30", "14.30".
func isClock(w string) bool {
	i := strings.IndexAny(w, ".:")
	if i < 1 || i > 2 || len(w)-i != 3 {
		return false
	}
	h, err1 := strconv.Atoi(w[:i])
	m, err2 := strconv.Atoi(w[i+1:])
	return err1 == nil && err2 == nil && h >= 0 && h <= 23 && m >= 0 && m <= 59
}

func clockOf(w string) (int, int) {
	i := strings.IndexAny(w, ".:")
	h, _ := strconv.Atoi(w[:i])
	m, _ := strconv.Atoi(w[i+1:])
	return h, m
}
