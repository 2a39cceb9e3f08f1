package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const ownersListUsage = `usage: sobat-ikm owners list [-kecamatan K] [-sector S] [-binaan] [-q TEXT] [-limit N] [-offset N]

Lists the owners, in registration order, a page at a time: registration
number, business, owner, sector, kecamatan, binaan and when they
registered (WITA). owners show gives everything about one of them.
`

// maxListLimit is the largest page owners list shows.
const maxListLimit = 1000

func (r ownersRun) list(ctx context.Context, args []string) int {
	fs := r.flags("list", ownersListUsage)
	filter := addOwnerFilter(fs)
	limit := fs.Int("limit", 50, fmt.Sprintf("how many owners to show (at most %d)", maxListLimit))
	offset := fs.Int("offset", 0, "how many to skip: the next page starts at -offset plus -limit")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	f, err := filter.filter()
	if err == nil && (*limit < 1 || *limit > maxListLimit) {
		err = fmt.Errorf("-limit %d: want 1 to %d", *limit, maxListLimit)
	}
	if err == nil && *offset < 0 {
		err = fmt.Errorf("-offset %d: want 0 or more", *offset)
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", fs.Name(), err)
		return 2
	}
	f.Limit, f.Offset = *limit, *offset
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("list", err)
	}
	defer d.db.Close()
	var recs []office.OwnerRecord
	var total int
	err = d.read(ctx, func(tx *store.Tx) (err error) {
		recs, total, err = d.off.FindOwnerRecords(tx, f)
		return err
	})
	if err != nil {
		return r.fail("list", err)
	}
	if len(recs) == 0 {
		if total > 0 {
			fmt.Fprintln(r.stdout, d.t("office_list_past_end", "Total", total))
		} else {
			fmt.Fprintln(r.stdout, d.t("office_list_none"))
		}
		return 0
	}
	cols, err := office.PickColumns(d.off.OwnerColumns(d.lang), "regno", "business", "name", "sector", "kecamatan", "binaan", "registered")
	if err != nil {
		return r.fail("list", err)
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	for i, c := range cols {
		fmt.Fprint(w, c.Heading, sepOrEnd(i, len(cols)))
	}
	for _, rec := range recs {
		for i, c := range cols {
			fmt.Fprint(w, orDash(c.Value(rec)), sepOrEnd(i, len(cols)))
		}
	}
	w.Flush()
	fmt.Fprintln(r.stdout)
	last := f.Offset + len(recs)
	fmt.Fprintln(r.stdout, d.t("office_list_page", "From", f.Offset+1, "To", last, "Total", total))
	if last < total {
		fmt.Fprintln(r.stdout, d.t("office_list_next", "Offset", last))
	}
	return 0
}

// sepOrEnd ends a table cell: a tab, or a line end after the last.
func sepOrEnd(i, n int) string {
	if i == n-1 {
		return "\n"
	}
	return "\t"
}
