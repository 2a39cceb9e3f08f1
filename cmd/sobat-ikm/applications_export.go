package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const applicationsExportUsage = `usage: sobat-ikm applications export -o FILE.csv [-kind halal|tkdn] [-stage S] [-year Y] [-sep ;]

Writes the applications (all, or those the filters select) to a CSV file
for Excel, like owners export: UTF-8 with a byte order mark, headings in
Indonesian, one row per application with its owner, answers, stage, portal
record and certificate. The NIK is masked. The file is created readable
by you only; -o - writes to standard output.
`

func (r ownersRun) exportApplications(ctx context.Context, args []string) int {
	fs := r.flags("export", applicationsExportUsage)
	kind := fs.String("kind", "", "halal or tkdn")
	stage := fs.String("stage", "", "only those in this stage")
	year := fs.Int("year", 0, "only those filed in this year")
	out := fs.String("o", "", "the CSV file to write (required; replaced if it exists)")
	sep := fs.String("sep", ",", "the field separator: , or ;")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	var err error
	switch {
	case *out == "":
		err = fmt.Errorf("-o FILE.csv is required")
	case *sep != "," && *sep != ";":
		err = fmt.Errorf("-sep %q: want , or ;", *sep)
	case *kind != "" && *kind != store.AppHalal && *kind != store.AppTKDN:
		err = fmt.Errorf("-kind %q: want halal or tkdn", *kind)
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", fs.Name(), err)
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("export", err)
	}
	defer d.db.Close()
	f := store.ApplicationFilter{Kind: *kind, Stage: *stage, Year: *year}
	write := func(w io.Writer) (n int, err error) {
		err = d.db.View(ctx, func(tx *store.ReadTx) (err error) {
			n, err = d.off.ExportApplications(tx, w, f, d.lang, office.Format{Sep: rune((*sep)[0])})
			return err
		})
		return n, err
	}
	return r.writeExport(d, *out, write, "app_cli_exported")
}

const applicationsPortalUsage = `usage: sobat-ikm applications portal HL-2026-0007 -no NUMBER -status TEXT -by NAME

Records what the officer read on the portal (SIHALAL, SIINas; neither has
an API): the application's registration number there and its status as
written, with today's date. The owner sees them when checking the status.
`

func (r ownersRun) portalApplication(ctx context.Context, args []string) int {
	fs := r.flags("portal", applicationsPortalUsage)
	by := fs.String("by", "", "the officer: a configured officer's name (required)")
	no := fs.String("no", "", "the registration number on the portal, such as SH2026-...")
	status := fs.String("status", "", "the status the portal shows, as written")
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	ref, ok := r.reference("portal", rest[0])
	if !ok {
		return 2
	}
	if strings.TrimSpace(*by) == "" || strings.TrimSpace(*no) == "" && strings.TrimSpace(*status) == "" {
		fmt.Fprintf(r.stderr, "%s: -by NAME and -no or -status are required\n", fs.Name())
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("portal", err)
	}
	defer d.db.Close()
	name, ok := r.officer(fs, d, *by)
	if !ok {
		return 2
	}
	err = d.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.FindApplication(store.KindOfPrefix(ref.Prefix), ref.Year, ref.Seq, 0)
		if err != nil {
			return err
		}
		return d.off.SetPortal(tx, office.Actor{Name: name}, a.ID, *no, *status)
	})
	if err != nil {
		return r.fail("portal", err)
	}
	fmt.Fprintln(r.stdout, d.t("app_cli_portal", "Ref", ref.String()))
	return 0
}
