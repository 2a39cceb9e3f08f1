package office

import (
	"fmt"

	"sobat-ikm/store"
)

// OwnerHistory is what officers did to the owner, oldest first.
func (o *Office) OwnerHistory(tx store.Reader, id int64) ([]store.AuditEntry, error) {
	es, _, err := tx.FindAuditEntries(store.AuditFilter{SubjectKind: store.AuditOwner, SubjectID: id})
	if err != nil {
		return nil, fmt.Errorf("office: %w", err)
	}
	return es, nil
}

// DescribeEntry writes an audit entry for officers, in lang: when, who and
// from where, what, and the note.
func (o *Office) DescribeEntry(lang string, e store.AuditEntry) string {
	data := map[string]any{"At": ShowTime(e.At), "Actor": e.Actor, "Channel": o.ChannelLabel(lang, e.ActorChannel),
		"Action": o.actionLabel(lang, e.Action)}
	if e.Note == "" {
		return o.cat.Text(lang, "office_history", data)
	}
	data["Note"] = e.Note
	return o.cat.Text(lang, "office_history_note", data)
}

// actionLabel says what an action did, or names it when it has no label.
func (o *Office) actionLabel(lang, action string) string {
	switch action {
	case ActionBinaanOn:
		return o.cat.Text(lang, "office_action_binaan_on", nil)
	case ActionBinaanOff:
		return o.cat.Text(lang, "office_action_binaan_off", nil)
	}
	return action
}
