package store

import (
	"fmt"
	"time"
)

// AuditOwner is the subject kind of an audit entry about an owner.
const AuditOwner = "owner"

// AuditApplication is the subject kind of an audit entry about an
// application.
const AuditApplication = "application"

// AuditEntry is one officer action in the audit log: who, when, what, on
// which row, and why. It holds no personal data: the actor is named as
// configured, the subject by its id.
type AuditEntry struct {
	ID    int64
	At    time.Time
	Actor string // the officer's configured name
	// ActorChannel is the channel the officer acted from ("telegram");
	// "" for the command line and the web console.
	ActorChannel string
	Action       string // what was done, e.g. "owner.binaan.on"
	SubjectKind  string // AuditOwner, ...
	SubjectID    int64
	// Note is the officer's reason, blanked when the owner it concerns
	// is erased.
	Note string
}

// CreateAuditEntry appends e to the audit log and sets e.ID.
func (tx *Tx) CreateAuditEntry(e *AuditEntry) error {
	res, err := tx.exec(`INSERT INTO audit_log (at, actor, actor_channel, action, subject_kind, subject_id, note)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ms(e.At), e.Actor, e.ActorChannel, e.Action, e.SubjectKind, e.SubjectID, e.Note)
	if err != nil {
		return fmt.Errorf("create audit entry: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create audit entry: %w", err)
	}
	e.ID, e.At = id, e.At.UTC()
	return nil
}

// AuditFilter selects audit entries; zero fields select all.
type AuditFilter struct {
	SubjectKind string
	SubjectID   int64
	Offset      int
	Limit       int // 0: no limit (and Offset is ignored)
}

// FindAuditEntries returns the entries f selects, oldest first, and how
// many there are in all.
func (tx *queries) FindAuditEntries(f AuditFilter) ([]AuditEntry, int, error) {
	where, args := "1 = 1", []any{}
	if f.SubjectKind != "" {
		where, args = where+" AND subject_kind = ?", append(args, f.SubjectKind)
	}
	if f.SubjectID != 0 {
		where, args = where+" AND subject_id = ?", append(args, f.SubjectID)
	}
	row, err := tx.queryRow(`SELECT COUNT(*) FROM audit_log WHERE `+where, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	var total int
	if err := row.Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	q := `SELECT id, at, actor, actor_channel, action, subject_kind, subject_id, note
		FROM audit_log WHERE ` + where + ` ORDER BY id`
	if f.Limit > 0 {
		q, args = q+` LIMIT ? OFFSET ?`, append(args, f.Limit, max(f.Offset, 0))
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.ActorChannel, &e.Action, &e.SubjectKind, &e.SubjectID, &e.Note); err != nil {
			return nil, 0, fmt.Errorf("find audit entries: %w", err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	return out, total, nil
}

// blankAuditNotes blanks the notes of the entries about a subject (an
// erased owner): what was done and by whom stays.
func (tx *Tx) blankAuditNotes(kind string, id int64) error {
	if _, err := tx.exec(`UPDATE audit_log SET note = '' WHERE subject_kind = ? AND subject_id = ? AND note <> ''`, kind, id); err != nil {
		return fmt.Errorf("blank audit notes: %w", err)
	}
	return nil
}
