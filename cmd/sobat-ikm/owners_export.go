package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const ownersExportUsage = `usage: sobat-ikm owners export -o FILE.csv [-kecamatan K] [-sector S] [-binaan] [-q TEXT] [-sep ;]

Writes the owners (all, or those the filters select) to a CSV file for
Excel: UTF-8 with a byte order mark, a header row in Indonesian, one row
per owner with everything owners show gives (chats, consent, times in
WITA). Mobile numbers and NIBs are written ="..." so that Excel keeps them
as written. When Excel shows each row in a single column (Windows set to
the Indonesian number format), export again with -sep ';'.

The file holds personal data: it is created readable by you only; keep
it safe, and delete it when it has served. -o - writes to standard output.
`

func (r ownersRun) export(ctx context.Context, args []string) int {
	fs := r.flags("export", ownersExportUsage)
	filter := addOwnerFilter(fs)
	out := fs.String("o", "", "the CSV file to write (required; replaced if it exists)")
	sep := fs.String("sep", ",", "the field separator: , or ;")
	siinas := fs.Bool("siinas", false, "shaped for data entry in SIINas (business, NIB, KBLI, address, contact, sector, products)")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	f, err := filter.filter()
	switch {
	case err != nil:
	case *out == "":
		err = fmt.Errorf("-o FILE.csv is required")
	case *sep != "," && *sep != ";":
		err = fmt.Errorf("-sep %q: want , or ;", *sep)
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

	write := func(w io.Writer) (n int, err error) {
		err = d.read(ctx, func(tx *store.Tx) (err error) {
			cols := d.off.OwnerColumns(d.lang)
			if *siinas {
				cols = d.off.SIINasColumns()
			}
			n, err = d.off.ExportOwnerColumns(tx, w, f, cols, office.Format{Sep: rune((*sep)[0])})
			return err
		})
		return n, err
	}
	return r.writeExport(d, *out, write, "office_cli_exported")
}

// writeExport writes an export to out (- for standard output) and says
// how many rows it holds (the message done, with Count and File).
func (r ownersRun) writeExport(d *desk, out string, write func(io.Writer) (int, error), done string) int {
	if out == "-" {
		if _, err := write(r.stdout); err != nil {
			return r.fail("export", err)
		}
		return 0
	}
	n, err := writeFileAtomic(out, write)
	if err != nil {
		return r.fail("export", err)
	}
	fmt.Fprintln(r.stdout, d.t(done, "Count", n, "File", out))
	return 0
}

// writeFileAtomic writes path through write, readable by its owner only:
// into a temporary file beside it, renamed over path once complete, so
// that a failure never leaves half a file (nor destroys an older one).
func writeFileAtomic(path string, write func(io.Writer) (int, error)) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // after the rename: no such file, nothing done
	n, err := write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return n, nil
}
