package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

const applicationsUsage = `usage: sobat-ikm [-db FILE] applications COMMAND [arguments] [flags]

Officers' work on the certificate applications (halal, TKDN IK), on the
bot's database (-db), beside a running bot or without one. A move tells
the owner exactly as a move made in chat does.

commands:
  list [-kind halal|tkdn] [-stage S] [-year Y] [-limit N] [-offset N]
                                         the applications, longest waiting first
  show HL-2026-0007                      one application: owner, answers, stage, history
  move HL-2026-0007 STAGE -by NAME [-note TEXT] [-cert NO] [-percent P] [-valid-until YYYY-MM-DD]
                                         move it to another stage; the owner is told
  portal HL-2026-0007 -no NUMBER -status TEXT -by NAME
                                         record its number and status on SIHALAL / SIINas
  export -o FILE.csv [list's filters]    the applications as a CSV file for Excel (NIK masked)

  sobat-ikm rekap [-year Y]              the office's numbers (a command of its own)

Stages: halal menunggu_kuota, diajukan, verifikasi_dinas, pendampingan_pph,
verifikasi_bpjph, sidang_fatwa, terbit, perlu_perbaikan, ditolak; TKDN
diajukan, verifikasi_dokumen, penilaian, terbit, perlu_perbaikan, ditolak.
Each command answers -h. Exit codes: 0 done, 1 error, 2 wrong usage.
`

// runApplications runs "sobat-ikm applications COMMAND ...".
func runApplications(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "applications", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	return r.runGroup(args, applicationsUsage, map[string]func([]string) int{
		"list":   func(a []string) int { return r.listApplications(ctx, a) },
		"show":   func(a []string) int { return r.showApplication(ctx, a) },
		"move":   func(a []string) int { return r.moveApplication(ctx, a) },
		"portal": func(a []string) int { return r.portalApplication(ctx, a) },
		"export": func(a []string) int { return r.exportApplications(ctx, a) },
	})
}

// reference reads an application's reference argument.
func (r ownersRun) reference(name, s string) (understand.Reference, bool) {
	ref, ok := understand.FindReference(s)
	if !ok {
		fmt.Fprintf(r.stderr, "sobat-ikm applications %s: %q is not a reference such as HL-2026-0007\n", name, s)
	}
	return ref, ok
}

const applicationsListUsage = `usage: sobat-ikm applications list [-kind halal|tkdn] [-stage S] [-year Y] [-limit N] [-offset N]

Lists the applications, the longest waiting in their stage first, with the
days they have waited there.
`

func (r ownersRun) listApplications(ctx context.Context, args []string) int {
	fs := r.flags("list", applicationsListUsage)
	kind := fs.String("kind", "", "halal or tkdn")
	stage := fs.String("stage", "", "only those in this stage")
	year := fs.Int("year", 0, "only those filed in this year")
	limit := fs.Int("limit", 50, "how many")
	offset := fs.Int("offset", 0, "how many to skip")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	if *kind != "" && *kind != store.AppHalal && *kind != store.AppTKDN {
		fmt.Fprintf(r.stderr, "%s: -kind %q: want halal or tkdn\n", fs.Name(), *kind)
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("list", err)
	}
	defer d.db.Close()
	if *stage != "" {
		known, err := knownStages(ctx, d, *kind)
		if err != nil {
			return r.fail("list", err)
		}
		if !slices.Contains(known, *stage) {
			fmt.Fprintf(r.stderr, "%s: -stage %q: no such stage (stages: %s)\n", fs.Name(), *stage, strings.Join(known, ", "))
			return 2
		}
	}
	var apps []store.Application
	var total int
	owners := map[int64]store.Owner{}
	err = d.db.View(ctx, func(tx *store.ReadTx) (err error) {
		apps, total, err = tx.FindApplications(store.ApplicationFilter{Kind: *kind, Stage: *stage, Year: *year, Limit: *limit, Offset: *offset})
		for _, a := range apps {
			if o, err := tx.FindOwnerByID(a.OwnerID); err == nil {
				owners[a.OwnerID] = o
			}
		}
		return err
	})
	if err != nil {
		return r.fail("list", err)
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, d.t("app_cli_list_head"))
	for _, a := range apps {
		o := owners[a.OwnerID]
		who := d.t("app_cli_erased")
		if o.ID != 0 {
			who = o.RegNo() + " " + o.BusinessName
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\n", a.Ref(), a.Kind, a.Stage, office.ShowTime(a.StageAt),
			int(r.now().Sub(a.StageAt).Hours()/24), who)
	}
	w.Flush()
	fmt.Fprintln(r.stdout, d.t("app_cli_list_count", "Shown", len(apps), "Total", total))
	return 0
}

const applicationsShowUsage = `usage: sobat-ikm applications show HL-2026-0007

Shows one application: its owner, the answers (the NIK masked), its stage
and what comes next, the portal's number and status, and its history.
`

func (r ownersRun) showApplication(ctx context.Context, args []string) int {
	fs := r.flags("show", applicationsShowUsage)
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	ref, ok := r.reference("show", rest[0])
	if !ok {
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("show", err)
	}
	defer d.db.Close()
	var a store.Application
	var owner store.Owner
	var history []store.StageChange
	err = d.db.View(ctx, func(tx *store.ReadTx) (err error) {
		if a, err = tx.FindApplication(store.KindOfPrefix(ref.Prefix), ref.Year, ref.Seq, 0); err != nil {
			return err
		}
		if owner, err = tx.FindOwnerByID(a.OwnerID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		history, err = tx.ApplicationHistory(a.ID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return r.fail("show", fmt.Errorf("no application %s", ref))
	}
	if err != nil {
		return r.fail("show", err)
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	row := func(label string, value any) { fmt.Fprintf(w, "%s\t%v\n", d.t(label), value) }
	row("app_col_ref", a.Ref())
	row("app_col_kind", d.off.KindName(d.lang, a.Kind))
	if owner.ID != 0 {
		row("app_col_owner", owner.RegNo()+" "+owner.BusinessName+" ("+owner.Name+")")
	} else {
		row("app_col_owner", d.t("app_cli_erased"))
	}
	row("app_col_stage", a.Stage+" ("+d.off.StageName(d.lang, a.Kind, a.Stage)+") "+office.ShowTime(a.StageAt))
	if a.ReturnStage != "" {
		row("app_col_return", a.ReturnStage)
	}
	for i, p := range a.Answers.Products {
		row("app_col_product", fmt.Sprintf("%d. %s; %s; %s", i+1, p.Name, orDash(p.Brand), orDash(p.Ingredients)))
	}
	row("app_col_address", orDash(a.Answers.ProductionAddress))
	row("app_col_nik", orDash(understand.MaskNIK(a.NIK)))
	if a.Kind == store.AppTKDN {
		row("app_col_costs", fmt.Sprintf("%s / %s / %s, %d%%", understand.FormatRupiah(a.Answers.Materials),
			understand.FormatRupiah(a.Answers.Labour), understand.FormatRupiah(a.Answers.Overhead), a.Answers.DomesticShare))
	}
	row("app_col_portal", orDash(strings.TrimSpace(a.PortalNo+" "+a.PortalStatus)))
	if a.CertNo != "" {
		cert := a.CertNo
		if a.Kind == store.AppTKDN {
			cert += fmt.Sprintf(", TKDN %s%%, s.d. %s", strconv.FormatFloat(a.TKDNPercent, 'f', -1, 64), a.ValidUntil)
		}
		row("app_col_cert", cert)
	}
	for _, h := range history {
		line := fmt.Sprintf("%s  %s -> %s  %s", office.ShowTime(h.At), orDash(h.From), h.To, h.Actor)
		if h.Note != "" {
			line += ": " + h.Note
		}
		row("app_col_history", line)
	}
	w.Flush()
	return 0
}

// knownStages lists the stages of a kind, or of both kinds.
func knownStages(ctx context.Context, d *desk, kind string) ([]string, error) {
	kinds := []string{store.AppHalal, store.AppTKDN}
	if kind != "" {
		kinds = []string{kind}
	}
	var codes []string
	err := d.db.View(ctx, func(tx *store.ReadTx) error {
		for _, k := range kinds {
			stages, err := tx.Stages(k)
			if err != nil {
				return err
			}
			for _, s := range stages {
				if !slices.Contains(codes, s.Code) {
					codes = append(codes, s.Code)
				}
			}
		}
		return nil
	})
	return codes, err
}
