package office

import (
	"fmt"
	"time"
)

// Duration writes a length of time for people, in lang: "45 menit",
// "3 jam 10 menit", "2 hari 4 jam"; "-" for a negative one (none).
func (o *Office) Duration(lang string, d time.Duration) string {
	if d < 0 {
		return "-"
	}
	t := func(id string, n int) string { return o.cat.Text(lang, id, map[string]any{"N": n}) }
	switch days, hours, mins := int(d.Hours())/24, int(d.Hours())%24, int(d.Minutes())%60; {
	case days > 0:
		return t("oticket_days", days) + " " + t("oticket_hours", hours)
	case hours > 0:
		return t("oticket_hours", hours) + " " + t("oticket_minutes", mins)
	default:
		return t("oticket_minutes", mins)
	}
}

// MedianText writes the median time to a first answer; "-" when none
// was answered.
func (o *Office) MedianText(lang string, rk TicketRekap) string {
	if rk.Answered == 0 {
		return "-"
	}
	return o.Duration(lang, rk.MedianFirst)
}

// RatingText writes the average rating: "4.5/5 (12)";
// "-" for none.
func (o *Office) RatingText(rk TicketRekap) string {
	if rk.Rated == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f/5 (%d)", rk.Rating, rk.Rated)
}
