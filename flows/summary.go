package flows

import (
	"time"

	"sobat-ikm/store"
)

// timeLayout is how times are kept in a draft.
const timeLayout = time.RFC3339

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// wita is Kendari's time zone (UTC+8, no daylight saving).
var wita = time.FixedZone("WITA", 8*60*60)

// showTime formats a time for owners, in WITA.
func showTime(t time.Time) string { return t.In(wita).Format("02/01/2006 15:04") + " WITA" }

// displayValue renders a draft field for the owner.
func (c *conv) displayValue(field string) string {
	v, answered := c.s.Data[field]
	switch {
	case !answered:
		return "-"
	case field == "nib" && v == "":
		return c.t("nib_none")
	case field == "sector" && v != "":
		return c.t("sector_" + v)
	case v == "":
		return "-"
	}
	return v
}

// summary lists the draft's fields, one per line.
func (c *conv) summary() string {
	return c.t("register_summary",
		"Name", c.displayValue("name"), "Business", c.displayValue("business"),
		"Sector", c.displayValue("sector"), "Products", c.displayValue("products"),
		"Kecamatan", c.displayValue("kecamatan"), "Address", c.displayValue("address"),
		"Phone", c.displayValue("phone"), "NIB", c.displayValue("nib"))
}

// ownerSummary lists a stored owner's fields.
func (c *conv) ownerSummary(o *store.Owner) string {
	saved := c.s.Data
	c.s.Data = map[string]string{}
	draftFromOwner(c, o)
	s := c.summary()
	c.s.Data = saved
	return s
}
