package office

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xlsxSheet writes an XLSX workbook of one sheet, streaming its rows:
// every cell an inline string, so that digits stay as written (a phone
// number, an NIB) and no cell is ever read as a formula.
type xlsxSheet struct {
	zw   *zip.Writer
	body *bufio.Writer
	rows int
	err  error
}

func newXLSX(w io.Writer) *xlsxSheet {
	sh := &xlsxSheet{zw: zip.NewWriter(w)}
	for _, f := range []struct{ name, text string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sobat IKM" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	} {
		fw, err := sh.zw.Create(f.name)
		if err == nil {
			_, err = io.WriteString(fw, f.text)
		}
		if err != nil {
			sh.err = err
			return sh
		}
	}
	fw, err := sh.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		sh.err = err
		return sh
	}
	sh.body = bufio.NewWriter(fw)
	sh.body.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	return sh
}

func (sh *xlsxSheet) write(cells []string, _ []bool) error {
	if sh.err != nil {
		return fmt.Errorf("office: export: %w", sh.err)
	}
	sh.rows++
	b := sh.body
	b.WriteString(`<row r="` + strconv.Itoa(sh.rows) + `">`)
	for _, c := range cells {
		b.WriteString(`<c t="inlineStr"><is><t xml:space="preserve">`)
		b.WriteString(xmlText(c))
		b.WriteString(`</t></is></c>`)
	}
	b.WriteString(`</row>`)
	return nil
}

func (sh *xlsxSheet) close() error {
	if sh.err != nil {
		return fmt.Errorf("office: export: %w", sh.err)
	}
	sh.body.WriteString(`</sheetData></worksheet>`)
	if err := sh.body.Flush(); err != nil {
		return fmt.Errorf("office: export: %w", err)
	}
	if err := sh.zw.Close(); err != nil {
		return fmt.Errorf("office: export: %w", err)
	}
	return nil
}

// xmlText escapes s for XML text, dropping what XML 1.0 cannot hold
// (control characters, invalid UTF-8).
func xmlText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && len(s[i:]) > 0:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue
			}
			b.WriteRune(r)
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
