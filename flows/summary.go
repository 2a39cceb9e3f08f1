package flows

import (
	"time"

	"sobat-ikm/store"
)

// wita is Kendari's time zone (UTC+8, no daylight saving).
var wita = time.FixedZone("WITA", 8*60*60)

// showTime formats a time for owners, in WITA.
func showTime(t time.Time) string { return t.In(wita).Format("02/01/2006 15:04") + " WITA" }

// ownerSummary lists a stored owner's fields as the registration's
// summary shows them.
func (c *conv) ownerSummary(o *store.Owner) string {
	d := draftOfOwner(o)
	return c.e.register.Summary(c, &d)
}
