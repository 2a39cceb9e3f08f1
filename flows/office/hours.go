package office

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Hours are when the office answers: on Days, from From to To (minutes
// after midnight, WITA).
type Hours struct {
	Days     []time.Weekday
	From, To int
}

// DefaultHours: Monday to Friday, 08:00 to 16:00 WITA.
func DefaultHours() Hours {
	return Hours{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, From: 8 * 60, To: 16 * 60}
}

// open is the day's opening and closing, in WITA.
func (h Hours) open(day time.Time) (from, to time.Time) {
	d := day.In(WITA())
	base := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, WITA())
	return base.Add(time.Duration(h.From) * time.Minute), base.Add(time.Duration(h.To) * time.Minute)
}

// IsOpen reports whether the office answers at t.
func (h Hours) IsOpen(t time.Time) bool {
	from, to := h.open(t)
	return slices.Contains(h.Days, t.In(WITA()).Weekday()) && !t.Before(from) && t.Before(to)
}

// NextOpen is t when the office is open then, or the next opening after
// it.
func (h Hours) NextOpen(t time.Time) time.Time {
	if h.IsOpen(t) || len(h.Days) == 0 || h.To <= h.From {
		return t
	}
	for d := 0; d < 8; d++ {
		from, _ := h.open(t.In(WITA()).AddDate(0, 0, d))
		if from.After(t) && slices.Contains(h.Days, from.Weekday()) {
			return from
		}
	}
	return t
}

// NextOpening is the first moment the office opens at or after t (its
// opening hour on a working day).
func (h Hours) NextOpening(t time.Time) time.Time {
	for d := 0; d < 8; d++ {
		from, _ := h.open(t.In(WITA()).AddDate(0, 0, d))
		if !from.Before(t) && slices.Contains(h.Days, from.Weekday()) {
			return from
		}
	}
	return t
}

// AfterWorkingDay is when a working day of open hours has passed since
// t: a ticket opened then and still unanswered is late.
func (h Hours) AfterWorkingDay(t time.Time) time.Time {
	if len(h.Days) == 0 || h.To <= h.From {
		return t.Add(24 * time.Hour)
	}
	left := time.Duration(h.To-h.From) * time.Minute
	at := h.NextOpen(t)
	for left > 0 && !at.IsZero() {
		_, to := h.open(at)
		if span := to.Sub(at); span >= left {
			return at.Add(left)
		} else {
			left -= span
		}
		at = h.NextOpen(to)
	}
	return at
}

// HoursText says when the office answers, in lang: the profile's words
// when configured ("Senin-Jumat 08.00-16.00 WITA"), else written from the
// hours.
func (o *Office) HoursText(lang string) string {
	if o.profile.Hours != "" {
		return o.profile.Hours
	}
	h := o.hours
	day := func(d time.Weekday) string { return o.cat.Text(lang, "weekday_"+strings.ToLower(d.String()), nil) }
	var days string
	switch n := len(h.Days); {
	case n == 0:
		return ""
	case n > 1 && int(h.Days[n-1]-h.Days[0]) == n-1:
		days = day(h.Days[0]) + "-" + day(h.Days[n-1])
	default:
		names := make([]string, n)
		for i, d := range h.Days {
			names[i] = day(d)
		}
		days = strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s %02d.%02d-%02d.%02d WITA", days, h.From/60, h.From%60, h.To/60, h.To%60)
}

// dayNames are the days as the office writes them, Indonesian and English.
var dayNames = map[string]time.Weekday{
	"senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday, "kamis": time.Thursday, "jumat": time.Friday,
	"sabtu": time.Saturday, "minggu": time.Sunday, "ahad": time.Sunday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var hoursPattern = regexp.MustCompile(`^\s*([a-z']+)\s*(?:-|–|s/d|sampai|to)?\s*([a-z']+)?\s*,?\s*(?:pukul|jam)?\s*(\d{1,2})[.:](\d{2})\s*(?:-|–|s/d|sampai|to)\s*(\d{1,2})[.:](\d{2})\s*(?:wita)?\s*$`)

// ParseHours reads the office's hours as its profile writes them:
// "Senin-Jumat 08.00-16.00 WITA", "Senin s/d Sabtu jam 8.00-14.00";
// false when it cannot (the default hours are kept).
func ParseHours(s string) (Hours, bool) {
	m := hoursPattern.FindStringSubmatch(strings.ReplaceAll(strings.ToLower(s), "'", ""))
	if m == nil {
		return Hours{}, false
	}
	first, ok := dayNames[m[1]]
	if !ok {
		return Hours{}, false
	}
	last := first
	if m[2] != "" {
		if last, ok = dayNames[m[2]]; !ok {
			return Hours{}, false
		}
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	h := Hours{From: num(3)*60 + num(4), To: num(5)*60 + num(6)}
	if num(3) > 23 || num(5) > 24 || num(4) > 59 || num(6) > 59 || h.To <= h.From {
		return Hours{}, false
	}
	for d := first; ; d = (d + 1) % 7 {
		h.Days = append(h.Days, d)
		if d == last {
			break
		}
	}
	return h, true
}
