package office

import (
	"strings"

	"sobat-ikm/store"
)

// WhoMayJoin says who may join a training, in one line in lang: every
// registered IKM, or its conditions (binaan only; sectors; kecamatan;
// the invited IKM numbers).
func (o *Office) WhoMayJoin(lang string, t store.Training) string {
	tr := func(id string) string { return o.cat.Text(lang, id, nil) }
	var parts []string
	if t.BinaanOnly {
		parts = append(parts, tr("newtraining_who_binaan"))
	}
	if len(t.Sectors) > 0 {
		names := make([]string, len(t.Sectors))
		for i, s := range t.Sectors {
			names[i] = o.SectorName(lang, s)
		}
		parts = append(parts, tr("newtraining_who_sectors")+": "+strings.Join(names, ", "))
	}
	if len(t.Kecamatan) > 0 {
		parts = append(parts, tr("newtraining_who_kecamatan")+": "+strings.Join(t.Kecamatan, ", "))
	}
	if len(t.Invited) > 0 {
		regnos := make([]string, len(t.Invited))
		for i, id := range t.Invited {
			regnos[i] = store.Owner{ID: id}.RegNo()
		}
		parts = append(parts, tr("newtraining_who_invited")+": "+strings.Join(regnos, ", "))
	}
	if len(parts) == 0 {
		return tr("newtraining_who_all")
	}
	return strings.Join(parts, "; ")
}

// TrainingStatus names where a training is now, in lang: open or under
// way, held (it has ended), or cancelled.
func (o *Office) TrainingStatus(lang string, t store.Training) string {
	switch {
	case t.Cancelled:
		return o.cat.Text(lang, "otrain_status_cancelled", nil)
	case !o.now().Before(t.EndsAt):
		return o.cat.Text(lang, "otrain_status_held", nil)
	}
	return o.cat.Text(lang, "otrain_status_open", nil)
}
