package flows

import (
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// showRekap writes the office's numbers of this year in chat.
func (e *Engine) showRekap(c *conv) {
	rk, err := e.office.Rekap(c.tx, office.Year(c.now))
	if err != nil {
		c.fail(err)
		return
	}
	lang := c.s.Language
	for _, k := range rk.Kinds {
		lines := []string{c.t("rekap_kind_title", "Kind", e.office.KindName(lang, k.Kind), "Year", rk.Year)}
		for _, s := range k.Stages {
			if s.All > 0 {
				lines = append(lines, c.t("rekap_stage_line", "Stage", e.office.StageName(lang, k.Kind, s.Stage), "Year", s.Year, "All", s.All))
			}
		}
		lines = append(lines, c.t("rekap_totals", "Filed", k.YearFiled, "Issued", k.YearIssued, "AllFiled", k.AllFiled, "AllIssued", k.AllIssued))
		if k.Kind == store.AppHalal {
			lines = append(lines, c.t("rekap_quota_line", "Used", k.QuotaUsed, "Quota", k.Quota))
		} else {
			lines = append(lines, c.t("rekap_target_line", "Issued", k.YearIssued, "Target", k.Target))
		}
		c.sayText(strings.Join(lines, "\n"))
	}
	tr := rk.Trainings
	lines := []string{c.t("rekap_trainings_title", "Year", rk.Year, "Held", tr.Held, "Owners", tr.Owners, "Attendances", tr.Attendances)}
	for _, s := range tr.BySector {
		lines = append(lines, c.t("rekap_trainings_sector", "Sector", e.office.SectorName(lang, s.Sector), "N", s.N))
	}
	c.sayText(strings.Join(lines, "\n"))
	tk := rk.Tickets
	c.say("rekap_tickets_title", "Year", rk.Year, "Opened", tk.Opened, "Answered", tk.Answered, "WithinDay", tk.WithinDay,
		"Median", e.office.MedianText(lang, tk), "Rating", e.office.RatingText(tk))
}
