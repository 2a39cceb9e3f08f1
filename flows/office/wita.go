package office

import "time"

// WITA is Kendari's time zone (UTC+8, no daylight saving), in which
// officers read every time.
func WITA() *time.Location { return time.FixedZone("WITA", 8*60*60) }

// TimeLayout is how a time is written for officers, in WITA: sortable,
// and read as a date and time by spreadsheets.
const TimeLayout = "2006-01-02 15:04"

// ShowTime writes t for officers, in WITA; the zero time is "".
func ShowTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(WITA()).Format(TimeLayout)
}
