package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Owner is a registered owner of a small industry.
type Owner struct {
	ID           int64
	Name         string
	BusinessName string
	Sector       string // pangan, sandang, kerajinan, furnitur, bahan_bangunan, lainnya
	Products     string
	Kecamatan    string
	Address      string
	Phone        string // normalized +628...
	NIB          string // 13 digits, or "" when the owner has none yet
	Binaan       bool
	Language     string
	// BroadcastOptOut: the owner asked for no announcements ("berhenti").
	BroadcastOptOut bool
	// Consent to the processing of personal data (UU PDP No. 27/2022).
	ConsentVersion string
	ConsentAt      time.Time
	ConsentChannel string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// RegNo is the registration number the owner can quote, e.g. IKM-000123.
func (o Owner) RegNo() string { return fmt.Sprintf("IKM-%06d", o.ID) }

const ownerColumns = `o.id, o.name, o.business_name, o.sector, o.products, o.kecamatan, o.address, o.phone,
	o.nib, o.binaan, o.language, o.broadcast_opt_out, o.consent_version, o.consent_at, o.consent_channel,
	o.created_at, o.updated_at`

// scanOwner reads the ownerColumns of a row (an *sql.Row or *sql.Rows).
func scanOwner(row interface{ Scan(dest ...any) error }) (Owner, error) {
	var o Owner
	var consent, created, updated int64
	err := row.Scan(&o.ID, &o.Name, &o.BusinessName, &o.Sector, &o.Products, &o.Kecamatan, &o.Address, &o.Phone,
		&o.NIB, &o.Binaan, &o.Language, &o.BroadcastOptOut, &o.ConsentVersion, &consent, &o.ConsentChannel, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Owner{}, ErrNotFound
	}
	if err != nil {
		return Owner{}, err
	}
	o.ConsentAt, o.CreatedAt, o.UpdatedAt = fromMS(consent), fromMS(created), fromMS(updated)
	return o, nil
}

// FindOwnerByChat returns the owner the chat belongs to, or ErrNotFound.
func (tx *queries) FindOwnerByChat(chat ChatKey) (Owner, error) {
	if tx.w != nil {
		if o, ok := tx.w.cachedOwner(chat); ok {
			if o.ID == 0 {
				return Owner{}, ErrNotFound
			}
			return o, nil
		}
	}
	o, err := tx.readOwnerByChat(chat)
	if tx.w != nil && (err == nil || errors.Is(err, ErrNotFound)) {
		tx.w.stage().owners[chat] = o
	}
	return o, err
}

func (tx *queries) readOwnerByChat(chat ChatKey) (Owner, error) {
	row, err := tx.queryRow(`SELECT `+ownerColumns+` FROM owners o JOIN contacts c ON c.owner_id = o.id
		WHERE c.channel = ? AND c.address = ?`, chat.Channel, chat.Address)
	if err != nil {
		return Owner{}, fmt.Errorf("find owner by chat: %w", err)
	}
	o, err := scanOwner(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Owner{}, fmt.Errorf("find owner by chat: %w", err)
	}
	return o, err
}

// FindOwnerByID returns the owner with the id, or ErrNotFound.
func (tx *queries) FindOwnerByID(id int64) (Owner, error) {
	row, err := tx.queryRow(`SELECT `+ownerColumns+` FROM owners o WHERE o.id = ?`, id)
	if err != nil {
		return Owner{}, fmt.Errorf("find owner %d: %w", id, err)
	}
	o, err := scanOwner(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Owner{}, fmt.Errorf("find owner %d: %w", id, err)
	}
	return o, err
}

// CreateOwner stores a new owner and links the chat to it. It sets o.ID,
// o.CreatedAt and o.UpdatedAt.
func (tx *Tx) CreateOwner(o *Owner, chat ChatKey, now time.Time) error {
	res, err := tx.exec(createOwnerSQL,
		o.Name, o.BusinessName, o.Sector, o.Products, o.Kecamatan, o.Address, o.Phone, o.NIB,
		o.Binaan, o.Language, o.ConsentVersion, ms(o.ConsentAt), o.ConsentChannel, ms(now), ms(now))
	if err != nil {
		return fmt.Errorf("create owner: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create owner: %w", err)
	}
	o.ID, o.CreatedAt, o.UpdatedAt = id, now.UTC(), now.UTC()
	tx.forgetOwnerOf(chat)
	if _, err := tx.exec(linkContactSQL, chat.Channel, chat.Address, id, ms(now), ms(now)); err != nil {
		return fmt.Errorf("create owner: link contact: %w", err)
	}
	return nil
}

// createOwnerSQL and linkContactSQL are CreateOwner's statements; the new
// owner is no one's cached owner yet, and the chat's is forgotten.
const (
	createOwnerSQL = `INSERT INTO owners (name, business_name, sector, products, kecamatan, address, phone, nib,
		binaan, language, consent_version, consent_at, consent_channel, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	linkContactSQL = `INSERT INTO contacts (channel, address, owner_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (channel, address) DO UPDATE SET owner_id = excluded.owner_id, last_seen_at = excluded.last_seen_at`
)

// UpdateOwner writes the owner's editable fields.
func (tx *Tx) UpdateOwner(o *Owner, now time.Time) error {
	res, err := tx.exec(`UPDATE owners SET name = ?, business_name = ?, sector = ?, products = ?, kecamatan = ?,
		address = ?, phone = ?, nib = ?, language = ?, updated_at = ? WHERE id = ?`,
		o.Name, o.BusinessName, o.Sector, o.Products, o.Kecamatan, o.Address, o.Phone, o.NIB, o.Language, ms(now), o.ID)
	if err != nil {
		return fmt.Errorf("update owner %d: %w", o.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update owner %d: %w", o.ID, ErrNotFound)
	}
	o.UpdatedAt = now.UTC()
	return nil
}

// SetOwnerLanguage remembers the owner's language.
func (tx *Tx) SetOwnerLanguage(id int64, lang string, now time.Time) error {
	if _, err := tx.exec(`UPDATE owners SET language = ?, updated_at = ? WHERE id = ?`, lang, ms(now), id); err != nil {
		return fmt.Errorf("set owner %d language: %w", id, err)
	}
	return nil
}

// EraseOwner deletes the owner's personal data for good: the owner row, its
// contacts, every outbox row that concerns the owner (OwnerID: sent or
// pending, to any chat, an officer's too) and, for each of the owner's
// chats, everything EraseChat deletes; the officers' notes about the
// owner in the audit log are blanked (who did what, and when, stays). It
// returns the chats that belonged to the owner.
//
// Nothing of it stays readable on disk: the writer deletes securely
// (secure_delete overwrites the rows with zeros) and, once the
// transaction has committed, the file is rebuilt and the WAL, which still
// holds older copies of the pages, emptied (scrub.go).
func (tx *Tx) EraseOwner(id int64) ([]ChatKey, error) {
	rows, err := tx.query(`SELECT channel, address FROM contacts WHERE owner_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	var chats []ChatKey
	for rows.Next() {
		var c ChatKey
		if err := rows.Scan(&c.Channel, &c.Address); err != nil {
			rows.Close()
			return nil, fmt.Errorf("erase owner %d: %w", id, err)
		}
		chats = append(chats, c)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	for _, c := range chats {
		if err := tx.EraseChat(c); err != nil {
			return nil, fmt.Errorf("erase owner %d: %w", id, err)
		}
	}
	if err := tx.eraseApplications(id); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	// Their files go once the erasure commits (the scrub).
	if err := tx.oweFileDeletion(id); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	// Their announcements not sent yet are never sent (their outbox rows
	// go with the owner, below); the report says why.
	if _, err := tx.exec(`UPDATE broadcast_recipients SET status = 'skipped', reason = 'erased', outbox_id = NULL
		WHERE owner_id = ? AND status = 'queued'`, id); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	// contacts and the outbox rows of the owner: ON DELETE CASCADE;
	// applications: SET NULL
	if _, err := tx.exec(`DELETE FROM owners WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	if err := tx.blankAuditNotes(AuditOwner, id); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	if tx.erasedOwners == nil {
		tx.erasedOwners = map[int64]bool{}
	}
	tx.erasedOwners[id] = true
	if err := tx.oweScrub(); err != nil {
		return nil, fmt.Errorf("erase owner %d: %w", id, err)
	}
	return chats, nil
}

// EraseChat forgets everything kept about a chat: its session, every
// message to it, sent or still pending (whose text may quote the data),
// and its inbound message ids (which hold its address).
//
// A message queued to the chat later in the same transaction (the
// goodbye) is still sent, then deleted rather than marked sent (Enqueue).
//
// The inbound id of the message being handled, recorded earlier in the
// transaction, is deleted too: should the platform deliver that message
// again (a crash before it was acknowledged), it is handled as a new
// chat's message: a "ya" gets the welcome and the consent question,
// which is harmless.
func (tx *Tx) EraseChat(chat ChatKey) error {
	if err := tx.DeleteSession(chat); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM outbox WHERE channel = ? AND address = ?`, chat.Channel, chat.Address); err != nil {
		return fmt.Errorf("erase chat outbox: %w", err)
	}
	if _, err := tx.exec(`DELETE FROM inbound WHERE channel = ? AND address = ?`, chat.Channel, chat.Address); err != nil {
		return fmt.Errorf("erase chat inbound ids: %w", err)
	}
	if tx.erased == nil {
		tx.erased = map[ChatKey]bool{}
	}
	tx.erased[chat] = true
	return tx.oweScrub()
}

// SetBroadcastOptOut records whether the owner wants announcements.
func (tx *Tx) SetBroadcastOptOut(id int64, optOut bool, now time.Time) error {
	if _, err := tx.exec(`UPDATE owners SET broadcast_opt_out = ?, updated_at = ? WHERE id = ?`, optOut, ms(now), id); err != nil {
		return fmt.Errorf("set owner %d broadcast opt-out: %w", id, err)
	}
	return nil
}

// SetOwnerConsent records that the owner agreed to a new version of the
// consent notice, at, on channel.
func (tx *Tx) SetOwnerConsent(id int64, version string, at time.Time, channel string) error {
	if _, err := tx.exec(`UPDATE owners SET consent_version = ?, consent_at = ?, consent_channel = ?, updated_at = ? WHERE id = ?`,
		version, ms(at), channel, ms(at), id); err != nil {
		return fmt.Errorf("set owner %d consent: %w", id, err)
	}
	return nil
}

// SetOwnerBinaan marks the owner as under the office's guidance (binaan)
// or not. It reports whether that changed: marking an owner who already
// is changes nothing. An unknown owner is ErrNotFound.
func (tx *Tx) SetOwnerBinaan(id int64, on bool, now time.Time) (bool, error) {
	res, err := tx.exec(`UPDATE owners SET binaan = ?, updated_at = ? WHERE id = ? AND binaan <> ?`, on, ms(now), id, on)
	if err != nil {
		return false, fmt.Errorf("set owner %d binaan: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("set owner %d binaan: %w", id, err)
	}
	if n == 1 {
		return true, nil
	}
	if _, err := tx.FindOwnerByID(id); err != nil {
		return false, fmt.Errorf("set owner binaan: %w", err)
	}
	return false, nil
}

// NIBTaken reports whether another owner than except is registered with
// nib. No NIB ("") is never taken.
func (tx *queries) NIBTaken(nib string, except int64) (bool, error) {
	// "nib <> ''" lets the planner use the partial index owners_nib, which
	// holds only the owners with an NIB: "nib = ?" alone does not tell it
	// that the value is not ''.
	row, err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM owners WHERE nib = ? AND nib <> '' AND id <> ?)`, nib, except)
	if err != nil {
		return false, fmt.Errorf("nib taken: %w", err)
	}
	var taken bool
	if err := row.Scan(&taken); err != nil {
		return false, fmt.Errorf("nib taken: %w", err)
	}
	return taken, nil
}
