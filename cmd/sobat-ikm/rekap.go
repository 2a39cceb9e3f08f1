package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const rekapUsage = `usage: sobat-ikm [-db FILE] rekap [-year Y]

The office's numbers of certificate applications: per kind and stage, in
the year (default: this year) and in all years, against the year's free
halal places and TKDN target ([[quotas]] in the configuration); then the
year's trainings held and the owners who came to them, per sector.
`

// runRekap runs "sobat-ikm rekap".
func runRekap(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "rekap", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	fs := r.flags("", rekapUsage)
	year := fs.Int("year", office.Year(now()), "the year")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("", err)
	}
	defer d.db.Close()
	var rk office.Rekap
	if err := d.db.View(ctx, func(tx *store.ReadTx) (err error) { rk, err = d.off.Rekap(tx, *year); return err }); err != nil {
		return r.fail("", err)
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, k := range rk.Kinds {
		fmt.Fprintf(w, "%s\t%d\t%s\t\n", d.off.KindName(d.lang, k.Kind), rk.Year, d.t("rekap_all_years"))
		for _, s := range k.Stages {
			fmt.Fprintf(w, "  %s\t%d\t%d\t\n", d.off.StageName(d.lang, k.Kind, s.Stage), s.Year, s.All)
		}
		fmt.Fprintf(w, "  %s\t%d\t%d\t\n", d.t("rekap_filed"), k.YearFiled, k.AllFiled)
		fmt.Fprintf(w, "  %s\t%d\t%d\t\n", d.t("rekap_issued"), k.YearIssued, k.AllIssued)
		if k.Kind == store.AppHalal {
			fmt.Fprintf(w, "  %s\t%d/%d\t\t\n", d.t("rekap_quota"), k.QuotaUsed, k.Quota)
		} else {
			fmt.Fprintf(w, "  %s\t%d/%d\t\t\n", d.t("rekap_target"), k.YearIssued, k.Target)
		}
		fmt.Fprintln(w, "\t\t\t")
	}
	tr := rk.Trainings
	fmt.Fprintf(w, "%s\t%d\t\t\n", d.t("web_nav_trainings"), rk.Year)
	fmt.Fprintf(w, "  %s\t%d\t\t\n", d.t("rekap_trainings_held"), tr.Held)
	fmt.Fprintf(w, "  %s\t%d\t\t\n", d.t("rekap_trainings_owners"), tr.Owners)
	for _, s := range tr.BySector {
		fmt.Fprintf(w, "    %s\t%d\t\t\n", d.off.SectorName(d.lang, s.Sector), s.N)
	}
	fmt.Fprintf(w, "  %s\t%d\t\t\n", d.t("rekap_trainings_attendances"), tr.Attendances)
	fmt.Fprintln(w, "\t\t\t")
	tk := rk.Tickets
	fmt.Fprintf(w, "%s\t%d\t\t\n", d.t("rekap_tickets"), rk.Year)
	fmt.Fprintf(w, "  %s\t%d\t\t\n", d.t("rekap_tickets_opened"), tk.Opened)
	fmt.Fprintf(w, "  %s\t%d\t\t\n", d.t("rekap_tickets_within_day"), tk.WithinDay)
	fmt.Fprintf(w, "  %s\t%s\t\t\n", d.t("rekap_tickets_median"), d.off.MedianText(d.lang, tk))
	fmt.Fprintf(w, "  %s\t%s\t\t\n", d.t("rekap_tickets_rating"), d.off.RatingText(tk))
	w.Flush()
	return 0
}
