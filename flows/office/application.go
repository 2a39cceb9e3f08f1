package office

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/store"
)

// The audit log's actions on applications.
const (
	ActionMove   = "application.move"
	ActionPortal = "application.portal"
)

var (
	// ErrNoteNeeded: perlu_perbaikan and ditolak tell the owner why.
	ErrNoteNeeded = errors.New("this move needs a note for the owner: what to fix, or why (-note)")
	// ErrCertNeeded: terbit records the certificate (number; for TKDN
	// also its percentage and last valid day).
	ErrCertNeeded = errors.New("an issued certificate needs its number (-cert)")
	// ErrCertPercent, ErrCertValidity: a TKDN certificate's percentage
	// (above 0, at most 100) and last valid day (a date to come).
	ErrCertPercent  = errors.New("a TKDN certificate needs its percentage, above 0 and at most 100 (-percent)")
	ErrCertValidity = errors.New("a TKDN certificate needs the last day it is valid, a date to come, as YYYY-MM-DD (-valid-until)")
)

// Quotas are the office's numbers for a year: free halal certificates it
// can give, and TKDN IK certificates it aims for.
type Quotas struct {
	Halal      int
	TKDNTarget int
}

// DefaultQuotas are a year's numbers when the configuration gives none.
func DefaultQuotas() Quotas { return Quotas{Halal: 120, TKDNTarget: 125} }

// WithQuotas sets the numbers of the years configured; other years have
// def.
func WithQuotas(def Quotas, years map[int]Quotas) Option {
	return func(o *Office) { o.quotas, o.quotaYears = def, years }
}

// QuotasFor is a year's numbers.
func (o *Office) QuotasFor(year int) Quotas {
	if q, ok := o.quotaYears[year]; ok {
		return q
	}
	return o.quotas
}

// Year is the office's year at t.
func Year(t time.Time) int { return t.In(WITA()).Year() }

// Applied is what Apply filed.
type Applied struct {
	App store.Application
	// Halal: the year's free places and how many are taken, this one
	// included when it got one.
	Quota, Used int
	// Halal past the quota: its place on the waiting list (1: next).
	Waiting int
}

// Apply files an owner's application. A halal application past the
// year's quota is filed as waiting for a place (menunggu_kuota), with its
// place on the waiting list. All writes go through the one writer, so
// two owners taking the last place at the same moment never exceed the
// quota.
func (o *Office) Apply(tx *store.Tx, owner store.Owner, kind string, answers store.Answers, nik string) (Applied, error) {
	now := o.now()
	a := store.Application{Kind: kind, OwnerID: owner.ID, Stage: store.StageSubmitted, Answers: answers, NIK: nik}
	var res Applied
	if kind == store.AppHalal {
		res.Quota = o.QuotasFor(Year(now)).Halal
		used, err := tx.QuotaUsed(kind, Year(now))
		if err != nil {
			return Applied{}, fmt.Errorf("office: apply: %w", err)
		}
		res.Used = used
		if used >= res.Quota {
			a.Stage = store.StageWaiting
		} else {
			res.Used++
		}
	}
	if err := tx.CreateApplication(&a, now); err != nil {
		return Applied{}, fmt.Errorf("office: apply: %w", err)
	}
	res.App = a
	if a.Stage == store.StageWaiting {
		_, n, err := tx.FindApplications(store.ApplicationFilter{Kind: kind, Stage: store.StageWaiting, Year: a.Year, Limit: 1})
		if err != nil {
			return Applied{}, fmt.Errorf("office: apply: %w", err)
		}
		res.Waiting = n
	}
	return res, nil
}

// Move moves an application to another stage for an officer, writes the
// audit log and tells the owner, in their language, the new stage, the
// officer's note and what happens next: on perlu_perbaikan exactly what
// to fix, on terbit the certificate. Every notice ends with the safety
// line. store.ErrStale when another officer moved it meanwhile;
// store.ErrNotAllowed when there is no such move.
func (o *Office) Move(tx *store.Tx, by Actor, m store.Move) (store.Application, error) {
	if err := checkAction(by, m.Note); err != nil {
		return store.Application{}, err
	}
	m.Note, m.Actor = strings.TrimSpace(m.Note), strings.TrimSpace(by.Name)
	now := o.now()
	if err := checkMove(tx, m, now); err != nil {
		return store.Application{}, err
	}
	a, err := tx.MoveApplication(m, now)
	if err != nil {
		return a, fmt.Errorf("office: move: %w", err)
	}
	entry, err := o.audit(tx, by, now, ActionMove, store.AuditApplication, a.ID, m.Note)
	if err != nil {
		return store.Application{}, err
	}
	if a.OwnerID == 0 {
		return a, nil // erased: no one to tell
	}
	owner, err := tx.FindOwnerByID(a.OwnerID)
	if err != nil {
		return store.Application{}, fmt.Errorf("office: move: %w", err)
	}
	_, _, err = o.notify(tx, notice{owner: owner, at: now, entry: entry.ID,
		render: func(lang string) string { return o.moveNotice(lang, a, m.Note) }})
	if err != nil {
		return store.Application{}, err
	}
	return a, nil
}

// checkMove refuses, before anything is written, a move that cannot be
// made (store.ErrStale, store.ErrNotAllowed), then one that lacks what
// the owner must be told.
func checkMove(tx *store.Tx, m store.Move, now time.Time) error {
	a, err := tx.FindApplicationByID(m.ID)
	if err != nil {
		return fmt.Errorf("office: move: %w", err)
	}
	if a.Stage != m.From {
		return fmt.Errorf("office: move: %w", store.ErrStale)
	}
	next, err := tx.NextStages(a)
	if err != nil {
		return fmt.Errorf("office: move: %w", err)
	}
	if !slices.Contains(next, m.To) {
		return fmt.Errorf("office: move: %w", store.ErrNotAllowed)
	}
	switch m.To {
	case store.StageFix, store.StageRefused:
		if m.Note == "" {
			return ErrNoteNeeded
		}
	case store.StageIssued:
		if strings.TrimSpace(m.CertNo) == "" {
			return ErrCertNeeded
		}
		if a.Kind == store.AppTKDN {
			if m.TKDNPercent <= 0 || m.TKDNPercent > 100 {
				return ErrCertPercent
			}
			if until, err := time.Parse(time.DateOnly, m.ValidUntil); err != nil || !until.After(now) {
				return ErrCertValidity
			}
		}
	}
	return nil
}

// moveNotice is what the owner reads of a move, in lang.
func (o *Office) moveNotice(lang string, a store.Application, note string) string {
	data := map[string]any{"Ref": a.Ref(), "Kind": o.KindName(lang, a.Kind), "Stage": o.StageName(lang, a.Kind, a.Stage),
		"Next": o.StageNext(lang, a.Kind, a.Stage), "Note": note, "CertNo": a.CertNo,
		"Percent": strconv.FormatFloat(a.TKDNPercent, 'f', -1, 64), "ValidUntil": OwnerDate(a.ValidUntil)}
	var parts []string
	switch a.Stage {
	case store.StageFix:
		parts = append(parts, o.cat.Text(lang, "app_notice_fix", data))
	case store.StageRefused:
		parts = append(parts, o.cat.Text(lang, "app_notice_refused", data))
	case store.StageIssued:
		parts = append(parts, o.cat.Text(lang, "app_notice_issued_"+a.Kind, data))
		if note != "" {
			parts = append(parts, o.cat.Text(lang, "app_notice_note", data))
		}
	default:
		parts = append(parts, o.cat.Text(lang, "app_notice_moved", data))
		if note != "" {
			parts = append(parts, o.cat.Text(lang, "app_notice_note", data))
		}
	}
	return strings.Join(append(parts, o.cat.Text(lang, "app_safety", nil)), "\n\n")
}

// KindName is the name of a kind of application, in lang.
func (o *Office) KindName(lang, kind string) string { return o.cat.Text(lang, "app_kind_"+kind, nil) }

// StageName is the name of a stage, in lang.
func (o *Office) StageName(lang, kind, stage string) string {
	return o.cat.Text(lang, "stage_"+kind+"_"+stage, nil)
}

// StageNext says what happens after a stage and who acts, in lang.
func (o *Office) StageNext(lang, kind, stage string) string {
	return o.cat.Text(lang, "stage_"+kind+"_"+stage+"_next", nil)
}

// SetPortal records what an officer read on the portal for an
// application: its registration number there and its status text.
func (o *Office) SetPortal(tx *store.Tx, by Actor, id int64, portalNo, status string) error {
	if err := checkAction(by, status); err != nil {
		return err
	}
	now := o.now()
	if err := tx.SetPortal(id, strings.TrimSpace(portalNo), strings.TrimSpace(status), now); err != nil {
		return fmt.Errorf("office: %w", err)
	}
	_, err := o.audit(tx, by, now, ActionPortal, store.AuditApplication, id, "")
	return err
}

// OwnerDate writes a YYYY-MM-DD date as owners read dates: 01/12/2031
// (as it is when it is not such a date).
func OwnerDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}
