package office

import (
	"fmt"

	"sobat-ikm/store"
)

// Rekap is the office's numbers of applications: per kind and stage, in
// a year and in all years, against the year's quota or target.
type Rekap struct {
	Year      int
	Kinds     []KindRekap
	Trainings TrainingRekap
	Tickets   TicketRekap
}

// KindRekap is one kind's numbers.
type KindRekap struct {
	Kind   string
	Stages []StageTally // in the stages' usual order
	// Filed: every application (waiting ones too); Issued: terbit.
	YearFiled, AllFiled   int
	YearIssued, AllIssued int
	// Halal: the year's free places and how many are taken; TKDN: the
	// year's target of certificates.
	Quota, QuotaUsed, Target int
}

// StageTally is how many applications are in a stage.
type StageTally struct {
	Stage     string
	Year, All int
}

// Rekap counts the applications for the year's numbers.
func (o *Office) Rekap(r store.Reader, year int) (Rekap, error) {
	yearCounts, err := r.CountApplications(year)
	if err != nil {
		return Rekap{}, fmt.Errorf("office: rekap: %w", err)
	}
	allCounts, err := r.CountApplications(0)
	if err != nil {
		return Rekap{}, fmt.Errorf("office: rekap: %w", err)
	}
	rk := Rekap{Year: year}
	for _, kind := range []string{store.AppHalal, store.AppTKDN} {
		stages, err := r.Stages(kind)
		if err != nil {
			return Rekap{}, fmt.Errorf("office: rekap: %w", err)
		}
		k := KindRekap{Kind: kind}
		for _, s := range stages {
			t := StageTally{Stage: s.Code, Year: sum(yearCounts, kind, s.Code), All: sum(allCounts, kind, s.Code)}
			k.Stages = append(k.Stages, t)
			k.YearFiled, k.AllFiled = k.YearFiled+t.Year, k.AllFiled+t.All
			if s.Code == store.StageIssued {
				k.YearIssued, k.AllIssued = t.Year, t.All
			}
		}
		q := o.QuotasFor(year)
		if kind == store.AppHalal {
			k.Quota = q.Halal
			if k.QuotaUsed, err = r.QuotaUsed(kind, year); err != nil {
				return Rekap{}, fmt.Errorf("office: rekap: %w", err)
			}
		} else {
			k.Target = q.TKDNTarget
		}
		rk.Kinds = append(rk.Kinds, k)
	}
	if rk.Trainings, err = o.trainingRekap(r, year); err != nil {
		return Rekap{}, err
	}
	rk.Tickets, err = o.ticketRekap(r, year)
	return rk, err
}

// sum adds the counts of a kind's stage.
func sum(counts []store.StageCount, kind, stage string) int {
	n := 0
	for _, c := range counts {
		if c.Kind == kind && c.Stage == stage {
			n += c.N
		}
	}
	return n
}
