package office

import (
	"fmt"

	"sobat-ikm/store"
)

// The audit log's actions of SetBinaan.
const (
	ActionBinaanOn  = "owner.binaan.on"
	ActionBinaanOff = "owner.binaan.off"
)

// SetBinaan marks the owner as under the office's guidance (binaan), or
// not, and reports whether that changed. A change is written to the
// audit log with the note, and the owner is told, in their language, on
// the chat they wrote from last. Marking an owner who already is (or
// unmarking one who is not) writes and sends nothing. An unknown owner
// is store.ErrNotFound; an actor without a name ErrNoActor.
func (o *Office) SetBinaan(tx *store.Tx, by Actor, ownerID int64, on bool, note string) (store.Owner, bool, error) {
	if err := checkAction(by, note); err != nil {
		return store.Owner{}, false, err
	}
	now := o.now()
	changed, err := tx.SetOwnerBinaan(ownerID, on, now)
	if err != nil {
		return store.Owner{}, false, fmt.Errorf("office: %w", err)
	}
	owner, err := tx.FindOwnerByID(ownerID)
	if err != nil {
		return store.Owner{}, false, fmt.Errorf("office: %w", err)
	}
	if !changed {
		return owner, false, nil
	}
	action, message := ActionBinaanOff, "office_notice_binaan_off"
	if on {
		action, message = ActionBinaanOn, "office_notice_binaan_on"
	}
	entry, err := o.audit(tx, by, now, action, store.AuditOwner, ownerID, note)
	if err != nil {
		return store.Owner{}, false, err
	}
	_, _, err = o.notify(tx, notice{owner: owner, message: message, at: now, entry: entry.ID,
		data: map[string]any{"Business": owner.BusinessName, "RegNo": owner.RegNo(), "Office": o.profile.Name}})
	if err != nil {
		return store.Owner{}, false, err
	}
	return owner, true, nil
}
