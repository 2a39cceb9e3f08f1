package office

import (
	"fmt"
	"slices"
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
