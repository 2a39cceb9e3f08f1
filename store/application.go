package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The two kinds of application.
const (
	AppHalal = "halal" // the free halal certificate, self-declare (SIHALAL)
	AppTKDN  = "tkdn"  // the TKDN IK certificate (SIINas)
)

// The stages every kind has; the others are rows of the stages table.
const (
	StageWaiting   = "menunggu_kuota" // halal, past the year's free quota
	StageSubmitted = "diajukan"
	StageFix       = "perlu_perbaikan" // back to the owner, then back where it was
	StageIssued    = "terbit"
	StageRefused   = "ditolak"
	StageWithdrawn = "ditarik" // the owner erased their data: it cannot go on
)

// Errors of MoveApplication.
var (
	// ErrStale: the application is no longer in the stage the mover saw
	// (another officer moved it meanwhile).
	ErrStale = errors.New("store: the application was moved meanwhile")
	// ErrNotAllowed: no such move from its stage.
	ErrNotAllowed = errors.New("store: move not allowed")
)

// Application is an owner's application for a certificate.
type Application struct {
	ID      int64
	Kind    string // AppHalal or AppTKDN
	Year    int
	Seq     int
	OwnerID int64 // 0 once the owner erased their data
	Stage   string
	StageAt time.Time
	// ReturnStage is where a perlu_perbaikan application goes back to.
	ReturnStage string
	Answers     Answers
	// NIK of the responsible person (halal), sealed at rest: show it
	// masked (understand.MaskNIK). NIKLost: it was sealed under a key
	// that is lost (ErrDataKeyLost); NIK is empty.
	NIK     string
	NIKLost bool
	// From the portal (SIHALAL, SIINas), as officers enter it.
	PortalNo        string
	PortalStatus    string
	PortalCheckedAt time.Time
	// On terbit.
	CertNo      string
	TKDNPercent float64
	ValidUntil  string // YYYY-MM-DD
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Answers are the owner's answers to the application's questions.
type Answers struct {
	Products          []Product `json:"products,omitempty"`
	ProductionAddress string    `json:"production_address,omitempty"`
	// TKDN IK self-assessment, in rupiah: direct materials, direct
	// labour, factory overhead; and the share of materials bought
	// domestically, in percent.
	Materials     int64 `json:"materials,omitempty"`
	Labour        int64 `json:"labour,omitempty"`
	Overhead      int64 `json:"overhead,omitempty"`
	DomesticShare int   `json:"domestic_share,omitempty"`
}

// Product is one product of an application.
type Product struct {
	Name        string `json:"name"`
	Brand       string `json:"brand,omitempty"`
	Ingredients string `json:"ingredients,omitempty"`
}

// RefPrefix is the reference prefix of a kind: HL, TK.
func RefPrefix(kind string) string {
	if kind == AppTKDN {
		return "TK"
	}
	return "HL"
}

// KindOfPrefix is the kind of a reference prefix, "" when none.
func KindOfPrefix(prefix string) string {
	switch strings.ToUpper(prefix) {
	case "HL":
		return AppHalal
	case "TK":
		return AppTKDN
	}
	return ""
}

// Ref is the reference the owner quotes: HL-2026-0007.
func (a Application) Ref() string {
	return fmt.Sprintf("%s-%04d-%04d", RefPrefix(a.Kind), a.Year, a.Seq)
}

// StageChange is one step of an application's history.
type StageChange struct {
	At    time.Time
	From  string
	To    string
	Actor string // an officer's name, or "owner"
	Note  string
}

// Stage is a row of the stages table.
type Stage struct {
	Kind     string
	Code     string
	Position int
	Actor    string // who acts next
	Final    bool
	Active   bool
}

const applicationColumns = `a.id, a.kind, a.year, a.seq, COALESCE(a.owner_id, 0), a.stage, a.stage_at, a.return_stage, a.data,
	a.nik_sealed, a.portal_no, a.portal_status, a.portal_checked_at, a.cert_no, a.tkdn_percent, a.valid_until,
	a.created_at, a.updated_at`

// scanApplication reads the applicationColumns of a row.
func (q *queries) scanApplication(row interface{ Scan(dest ...any) error }) (Application, error) {
	var a Application
	var stageAt, created, updated int64
	var data string
	var sealed []byte
	var checked sql.NullInt64
	var percent sql.NullFloat64
	err := row.Scan(&a.ID, &a.Kind, &a.Year, &a.Seq, &a.OwnerID, &a.Stage, &stageAt, &a.ReturnStage, &data, &sealed,
		&a.PortalNo, &a.PortalStatus, &checked, &a.CertNo, &percent, &a.ValidUntil, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, ErrNotFound
	}
	if err != nil {
		return Application{}, err
	}
	if err := json.Unmarshal([]byte(data), &a.Answers); err != nil {
		return Application{}, fmt.Errorf("decode application %d: %w", a.ID, err)
	}
	switch a.NIK, err = q.db.openNIK(sealed); {
	case errors.Is(err, ErrDataKeyLost):
		// The key was lost or replaced (CheckDataKey says so at start):
		// the NIK is lost, the rest of the application still serves.
		a.NIK, a.NIKLost = "", true
	case err != nil:
		return Application{}, fmt.Errorf("application %d: %w", a.ID, err)
	}
	a.StageAt, a.CreatedAt, a.UpdatedAt = fromMS(stageAt), fromMS(created), fromMS(updated)
	if checked.Valid {
		a.PortalCheckedAt = fromMS(checked.Int64)
	}
	a.TKDNPercent = percent.Float64
	return a, nil
}

// CreateApplication files a new application in a.Stage (diajukan, or
// menunggu_kuota) and gives it the next reference of its kind and year
// (a.Year, a.Seq). The owner is its first actor in the history.
func (tx *Tx) CreateApplication(a *Application, now time.Time) error {
	if a.Kind != AppHalal && a.Kind != AppTKDN {
		return fmt.Errorf("create application: unknown kind %q", a.Kind)
	}
	data, err := json.Marshal(a.Answers)
	if err != nil {
		return fmt.Errorf("create application: %w", err)
	}
	sealed, err := tx.db.sealNIK(a.NIK)
	if err != nil {
		return fmt.Errorf("create application: %w", err)
	}
	a.Year = now.In(time.FixedZone("WITA", 8*60*60)).Year() // the office's year
	row, err := tx.queryRow(`INSERT INTO applications (kind, year, seq, owner_id, stage, stage_at, data, nik_sealed, created_at, updated_at)
		VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM applications WHERE kind = ?1 AND year = ?2), ?3, ?4, ?5, ?6, ?7, ?5, ?5)
		RETURNING id, seq`, a.Kind, a.Year, a.OwnerID, a.Stage, ms(now), string(data), sealed)
	if err != nil {
		return fmt.Errorf("create application: %w", err)
	}
	if err := row.Scan(&a.ID, &a.Seq); err != nil {
		return fmt.Errorf("create application: %w", err)
	}
	a.StageAt, a.CreatedAt, a.UpdatedAt = fromMS(ms(now)), fromMS(ms(now)), fromMS(ms(now))
	return tx.addEvent(a.ID, now, "", a.Stage, "owner", "")
}

func (tx *Tx) addEvent(id int64, at time.Time, from, to, actor, note string) error {
	if _, err := tx.exec(`INSERT INTO application_events (application_id, at, from_stage, to_stage, actor, note)
		VALUES (?, ?, ?, ?, ?, ?)`, id, ms(at), from, to, actor, note); err != nil {
		return fmt.Errorf("application %d: history: %w", id, err)
	}
	return nil
}

// FindApplication returns the application with a reference's kind, year
// and number. When owner is not 0, an application of another owner is
// ErrNotFound, exactly like one that does not exist.
func (q *queries) FindApplication(kind string, year, seq int, owner int64) (Application, error) {
	row, err := q.queryRow(`SELECT `+applicationColumns+` FROM applications a
		WHERE a.kind = ? AND a.year = ? AND a.seq = ? AND (?4 = 0 OR a.owner_id = ?4)`, kind, year, seq, owner)
	if err != nil {
		return Application{}, fmt.Errorf("find application: %w", err)
	}
	a, err := q.scanApplication(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Application{}, fmt.Errorf("find application: %w", err)
	}
	return a, err
}

// FindApplicationByID returns the application with the id, or
// ErrNotFound.
func (q *queries) FindApplicationByID(id int64) (Application, error) {
	row, err := q.queryRow(`SELECT `+applicationColumns+` FROM applications a WHERE a.id = ?`, id)
	if err != nil {
		return Application{}, fmt.Errorf("find application %d: %w", id, err)
	}
	a, err := q.scanApplication(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Application{}, fmt.Errorf("find application %d: %w", id, err)
	}
	return a, err
}

// ApplicationFilter selects applications. Zero fields select all.
type ApplicationFilter struct {
	OwnerID int64 // an owner's own, newest first
	Kind    string
	Stage   string
	Year    int
	// Kecamatan keeps the applications of owners in that kecamatan.
	Kecamatan string
	// StageBefore, when set, keeps those in their stage since before it
	// (waiting longer than so many days).
	StageBefore time.Time
	Offset      int
	Limit       int // 0: 20
}

// FindApplications lists the applications f selects, and how many there
// are in all: an owner's newest first; otherwise the longest waiting in
// their stage first.
func (q *queries) FindApplications(f ApplicationFilter) ([]Application, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.OwnerID != 0 {
		add("a.owner_id = ?", f.OwnerID)
	}
	if f.Kind != "" {
		add("a.kind = ?", f.Kind)
	}
	if f.Stage != "" {
		add("a.stage = ?", f.Stage)
	}
	if f.Year != 0 {
		add("a.year = ?", f.Year)
	}
	if f.Kecamatan != "" {
		add("a.owner_id IN (SELECT o.id FROM owners o WHERE o.kecamatan = ?)", f.Kecamatan)
	}
	if !f.StageBefore.IsZero() {
		add("a.stage_at < ?", ms(f.StageBefore))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	row, err := q.queryRow(`SELECT COUNT(*) FROM applications a`+cond, args...)
	if err == nil {
		err = row.Scan(&total)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("find applications: %w", err)
	}
	order := " ORDER BY a.stage_at, a.id"
	if f.OwnerID != 0 {
		order = " ORDER BY a.id DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := q.query(`SELECT `+applicationColumns+` FROM applications a`+cond+order+` LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("find applications: %w", err)
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		a, err := q.scanApplication(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("find applications: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find applications: %w", err)
	}
	return out, total, nil
}

// ApplicationHistory lists an application's stages, oldest first.
func (q *queries) ApplicationHistory(id int64) ([]StageChange, error) {
	rows, err := q.query(`SELECT at, from_stage, to_stage, actor, note FROM application_events
		WHERE application_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("application %d history: %w", id, err)
	}
	defer rows.Close()
	var out []StageChange
	for rows.Next() {
		var c StageChange
		var at int64
		if err := rows.Scan(&at, &c.From, &c.To, &c.Actor, &c.Note); err != nil {
			return nil, fmt.Errorf("application %d history: %w", id, err)
		}
		c.At = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Stages lists a kind's stages in their usual order.
func (q *queries) Stages(kind string) ([]Stage, error) {
	rows, err := q.query(`SELECT kind, code, position, actor, final, active FROM stages WHERE kind = ? ORDER BY position`, kind)
	if err != nil {
		return nil, fmt.Errorf("stages: %w", err)
	}
	defer rows.Close()
	var out []Stage
	for rows.Next() {
		var s Stage
		if err := rows.Scan(&s.Kind, &s.Code, &s.Position, &s.Actor, &s.Final, &s.Active); err != nil {
			return nil, fmt.Errorf("stages: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// NextStages lists where an application may be moved from its stage, in
// the usual order: from perlu_perbaikan, back where it was, or ditolak.
func (q *queries) NextStages(a Application) ([]string, error) {
	rows, err := q.query(`SELECT m.to_stage FROM stage_moves m JOIN stages s ON s.kind = m.kind AND s.code = m.to_stage
		WHERE m.kind = ? AND m.from_stage = ? ORDER BY s.position`, a.Kind, a.Stage)
	if err != nil {
		return nil, fmt.Errorf("next stages: %w", err)
	}
	defer rows.Close()
	var out []string
	if a.Stage == StageFix && a.ReturnStage != "" {
		out = append(out, a.ReturnStage)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("next stages: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Move is an officer's move of an application.
type Move struct {
	ID    int64
	From  string // the stage the officer saw: ErrStale when it is no longer there
	To    string
	Actor string
	Note  string
	// On terbit: the certificate's number; for TKDN its percentage and
	// the last day it is valid (YYYY-MM-DD).
	CertNo      string
	TKDNPercent float64
	ValidUntil  string
}

// MoveApplication moves an application to another stage and records it
// in the history; it returns the application as it is now. ErrStale when
// it is no longer in m.From; ErrNotAllowed when its stage has no such
// move.
func (tx *Tx) MoveApplication(m Move, now time.Time) (Application, error) {
	a, err := tx.FindApplicationByID(m.ID)
	if err != nil {
		return Application{}, fmt.Errorf("move application %d: %w", m.ID, err)
	}
	if a.Stage != m.From {
		return a, ErrStale
	}
	next, err := tx.NextStages(a)
	if err != nil {
		return Application{}, err
	}
	allowed := false
	for _, s := range next {
		allowed = allowed || s == m.To
	}
	if !allowed {
		return a, ErrNotAllowed
	}
	ret := ""
	if m.To == StageFix {
		ret = a.Stage
	}
	a.Stage, a.ReturnStage, a.StageAt, a.UpdatedAt = m.To, ret, fromMS(ms(now)), fromMS(ms(now))
	if m.To == StageIssued {
		a.CertNo, a.TKDNPercent, a.ValidUntil = m.CertNo, m.TKDNPercent, m.ValidUntil
	}
	var percent any
	if a.TKDNPercent != 0 {
		percent = a.TKDNPercent
	}
	if _, err := tx.exec(`UPDATE applications SET stage = ?, return_stage = ?, stage_at = ?, version = version + 1,
		cert_no = ?, tkdn_percent = ?, valid_until = ?, updated_at = ? WHERE id = ?`,
		a.Stage, a.ReturnStage, ms(now), a.CertNo, percent, a.ValidUntil, ms(now), a.ID); err != nil {
		return Application{}, fmt.Errorf("move application %d: %w", a.ID, err)
	}
	return a, tx.addEvent(a.ID, now, m.From, m.To, m.Actor, m.Note)
}

// SetPortal records what an officer read on the portal (SIHALAL,
// SIINas): its registration number and status text, checked at now; an
// empty one keeps what was recorded before.
func (tx *Tx) SetPortal(id int64, portalNo, status string, now time.Time) error {
	res, err := tx.exec(`UPDATE applications SET portal_no = CASE WHEN ?1 = '' THEN portal_no ELSE ?1 END,
		portal_status = CASE WHEN ?2 = '' THEN portal_status ELSE ?2 END, portal_checked_at = ?3, updated_at = ?3,
		version = version + 1 WHERE id = ?4`, portalNo, status, ms(now), id)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = ErrNotFound
		}
	}
	if err != nil {
		return fmt.Errorf("application %d portal: %w", id, err)
	}
	return nil
}

// StageCount is how many applications of a kind and year are in a stage.
type StageCount struct {
	Kind  string
	Year  int
	Stage string
	N     int
}

// CountApplications counts applications per kind, year and stage; year
// 0 counts every year.
func (q *queries) CountApplications(year int) ([]StageCount, error) {
	rows, err := q.query(`SELECT kind, year, stage, COUNT(*) FROM applications WHERE ?1 = 0 OR year = ?1
		GROUP BY kind, year, stage ORDER BY kind, year, stage`, year)
	if err != nil {
		return nil, fmt.Errorf("count applications: %w", err)
	}
	defer rows.Close()
	var out []StageCount
	for rows.Next() {
		var c StageCount
		if err := rows.Scan(&c.Kind, &c.Year, &c.Stage, &c.N); err != nil {
			return nil, fmt.Errorf("count applications: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// QuotaUsed is how many of a kind's applications of a year hold a place
// of its quota: all but those waiting for one and those refused.
func (q *queries) QuotaUsed(kind string, year int) (int, error) {
	row, err := q.queryRow(`SELECT COUNT(*) FROM applications WHERE kind = ? AND year = ? AND stage NOT IN (?, ?, ?)`,
		kind, year, StageWaiting, StageRefused, StageWithdrawn)
	var n int
	if err == nil {
		err = row.Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("quota used: %w", err)
	}
	return n, nil
}

// WithdrawApplications withdraws the owner's applications still under
// way (StageWithdrawn, by "owner", at at), when the owner is about to be
// erased: without their data they cannot go on, and a withdrawn one holds
// no free place. It returns how many it withdrew.
func (tx *Tx) WithdrawApplications(owner int64, at time.Time) (int, error) {
	open := `SELECT a.id FROM applications a JOIN stages s ON s.kind = a.kind AND s.code = a.stage
		WHERE a.owner_id = ? AND s.final = 0`
	if _, err := tx.exec(`INSERT INTO application_events (application_id, at, from_stage, to_stage, actor)
		SELECT id, ?, stage, ?, 'owner' FROM applications WHERE id IN (`+open+`)`, ms(at), StageWithdrawn, owner); err != nil {
		return 0, fmt.Errorf("withdraw applications: %w", err)
	}
	res, err := tx.exec(`UPDATE applications SET stage = ?, return_stage = '', stage_at = ?, version = version + 1, updated_at = ?
		WHERE id IN (`+open+`)`, StageWithdrawn, ms(at), ms(at), owner)
	if err != nil {
		return 0, fmt.Errorf("withdraw applications: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("withdraw applications: %w", err)
	}
	return int(n), nil
}

// eraseApplications empties the personal fields of an owner's
// applications and the notes of their history; the anonymous rows stay
// for the office's numbers. Called by EraseOwner before the owner goes.
func (tx *Tx) eraseApplications(owner int64) error {
	if _, err := tx.exec(`UPDATE application_events SET note = '' WHERE note <> '' AND application_id IN
		(SELECT id FROM applications WHERE owner_id = ?)`, owner); err != nil {
		return fmt.Errorf("erase applications: %w", err)
	}
	if _, err := tx.exec(`UPDATE applications SET data = '{}', nik_sealed = NULL, portal_no = '', portal_status = '',
		cert_no = '' WHERE owner_id = ?`, owner); err != nil {
		return fmt.Errorf("erase applications: %w", err)
	}
	return nil
}

// CheckDataKey reports ErrDataKeyLost when the NIK key does not open the
// NIKs sealed in the database (its key file was lost or replaced), so
// that the program can say so at start; only those NIKs are lost.
func (db *DB) CheckDataKey(ctx context.Context) error {
	var sealed []byte
	err := db.View(ctx, func(tx *ReadTx) error {
		row, err := tx.queryRow(`SELECT nik_sealed FROM applications WHERE nik_sealed IS NOT NULL ORDER BY id DESC LIMIT 1`)
		if err != nil {
			return err
		}
		return row.Scan(&sealed)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: check NIK key: %w", err)
	}
	if _, err := db.openNIK(sealed); err != nil {
		return fmt.Errorf("store: %w (key file %s, or SOBAT_DATA_KEY)", err, DataKeyPath(db.path))
	}
	return nil
}
