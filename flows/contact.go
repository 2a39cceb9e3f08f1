package flows

import "strings"

// sayOfficeContact tells how to reach the office: its address, phone and
// opening hours, as far as they are configured (the office profile).
func (c *conv) sayOfficeContact() {
	p := c.e.office.Profile()
	lines := []string{c.t("contact_intro", "Office", p.Name)}
	for _, l := range []struct{ id, key, value string }{
		{"contact_address", "Address", p.Address},
		{"contact_phone", "Phone", p.Phone},
		{"contact_hours", "Hours", p.Hours},
	} {
		if strings.TrimSpace(l.value) != "" {
			lines = append(lines, c.t(l.id, l.key, l.value))
		}
	}
	if len(lines) == 1 {
		lines = append(lines, c.t("contact_unknown"))
	}
	c.sayText(strings.Join(lines, "\n"))
}
