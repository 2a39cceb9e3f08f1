package office

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"sobat-ikm/store"
)

// exportPage is how many owners an export reads at a time.
const exportPage = 500

// ExportOwners writes the owners f selects (all of them: f's Offset and
// Limit are ignored) as CSV for spreadsheets, and returns how many it
// wrote. The file is UTF-8 with a byte order mark (so that Excel reads it
// as UTF-8), fields separated by sep (',' or, for an Excel set to the
// Indonesian number format, ';'), lines ended by CRLF; the first row is
// the columns' headings in lang, then one row per owner with every column
// of OwnerColumns.
//
// Values are made safe for a spreadsheet: an Exact column (a phone
// number, an NIB) is written ="..." so that it stays as written instead of
// becoming a number, and text a spreadsheet would run as a formula (an
// owner's answer that starts with =, +, - or @) gets a leading apostrophe.
func (o *Office) ExportOwners(tx store.Reader, w io.Writer, f store.OwnerFilter, lang string, sep rune) (int, error) {
	cols := o.OwnerColumns(lang)
	headings := make([]string, len(cols))
	for i, c := range cols {
		headings[i] = c.Heading
	}
	sh, err := newSheet(w, sep, headings)
	if err != nil {
		return 0, err
	}
	n := 0
	f.Offset, f.Limit = 0, exportPage
	for {
		owners, _, err := tx.FindOwners(f)
		if err != nil {
			return n, fmt.Errorf("office: export: %w", err)
		}
		for _, owner := range owners {
			rec, err := o.record(tx, owner)
			if err != nil {
				return n, fmt.Errorf("office: export: %w", err)
			}
			row := make([]string, len(cols))
			for i, c := range cols {
				row[i] = spreadsheetCell(c.Value(rec), c.Exact)
			}
			if err := sh.write(row); err != nil {
				return n, err
			}
			n++
		}
		if len(owners) < exportPage {
			break
		}
		f.Offset += exportPage
	}
	return n, sh.close()
}

// sheet writes CSV for spreadsheets: UTF-8 with a byte order mark (so
// that Excel reads it as UTF-8), fields separated by sep, lines ended by
// CRLF, a first row of headings.
type sheet struct {
	bw *bufio.Writer
	cw *csv.Writer
}

func newSheet(w io.Writer, sep rune, headings []string) (*sheet, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = sep, true
	sh := &sheet{bw: bw, cw: cw}
	return sh, sh.write(headings)
}

func (sh *sheet) write(row []string) error {
	if err := sh.cw.Write(row); err != nil {
		return fmt.Errorf("office: export: %w", err)
	}
	return nil
}

// close writes out what is buffered.
func (sh *sheet) close() error {
	sh.cw.Flush()
	if err := sh.cw.Error(); err != nil {
		return fmt.Errorf("office: export: %w", err)
	}
	if err := sh.bw.Flush(); err != nil {
		return fmt.Errorf("office: export: %w", err)
	}
	return nil
}

// spreadsheetCell is v as a spreadsheet must get it: exact digits as a
// formula giving the text, and text that would be run as a formula made
// plain (OWASP's advice against CSV injection).
func spreadsheetCell(v string, exact bool) string {
	switch {
	case v == "":
		return ""
	case exact:
		return `="` + strings.ReplaceAll(v, `"`, `""`) + `"`
	case strings.ContainsRune("=+-@\t\r", rune(v[0])):
		return "'" + v
	}
	return v
}
