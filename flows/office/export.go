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
func (o *Office) ExportOwners(tx store.Reader, w io.Writer, f store.OwnerFilter, lang string, format Format) (int, error) {
	return o.ExportOwnerColumns(tx, w, f, o.OwnerColumns(lang), format)
}

// ExportOwnerColumns is ExportOwners with other columns (SIINasColumns).
func (o *Office) ExportOwnerColumns(tx store.Reader, w io.Writer, f store.OwnerFilter, cols []Column, format Format) (int, error) {
	headings := make([]string, len(cols))
	for i, c := range cols {
		headings[i] = c.Heading
	}
	sh, err := newSheet(w, format, headings)
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
			row, exact := make([]string, len(cols)), make([]bool, len(cols))
			for i, c := range cols {
				row[i], exact[i] = c.Value(rec), c.Exact
			}
			if err := sh.write(row, exact); err != nil {
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

// Format is how an export is written: CSV with a field separator (','
// or, for an Excel set to the Indonesian number format, ';'), or XLSX.
type Format struct {
	Sep  rune
	XLSX bool
}

// sheet is an export being written: a first row of headings, then rows
// of cells; exact cells (a phone number, an NIB) must stay as written.
type sheet interface {
	write(cells []string, exact []bool) error
	close() error
}

// newSheet starts an export in the format f.
func newSheet(w io.Writer, f Format, headings []string) (sheet, error) {
	var sh sheet
	if f.XLSX {
		sh = newXLSX(w)
	} else {
		bw := bufio.NewWriter(w)
		bw.WriteString("\ufeff") // UTF-8 with a byte order mark: Excel reads it as UTF-8
		cw := csv.NewWriter(bw)
		cw.Comma, cw.UseCRLF = f.Sep, true
		sh = &csvSheet{bw: bw, cw: cw}
	}
	return sh, sh.write(headings, nil)
}

// csvSheet writes CSV for spreadsheets, lines ended by CRLF.
type csvSheet struct {
	bw *bufio.Writer
	cw *csv.Writer
}

func (sh *csvSheet) write(cells []string, exact []bool) error {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = spreadsheetCell(c, i < len(exact) && exact[i])
	}
	if err := sh.cw.Write(row); err != nil {
		return fmt.Errorf("office: export: %w", err)
	}
	return nil
}

// close writes out what is buffered.
func (sh *csvSheet) close() error {
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
