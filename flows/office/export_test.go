package office_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

func TestExportOwners(t *testing.T) {
	r := newRig(t)
	ani := r.owner("Ani", "id", store.ChatKey{Channel: "telegram", Address: "42"})
	r.owner("Budi", "en", store.ChatKey{Channel: "console", Address: "budi"})
	r.update(func(tx *store.Tx) error {
		o, err := tx.FindOwnerByID(ani.ID)
		if err != nil {
			return err
		}
		// Answers a spreadsheet would misread: a formula, a long number,
		// a separator, a quote, a line break.
		o.BusinessName, o.NIB, o.Address = `=HYPERLINK("http://x","klik")`, "1234567890123", "Jl. Bunggasi 1; RT 2\n\"belakang masjid\""
		return tx.UpdateOwner(&o, r.now)
	})
	if _, _, err := r.setBinaan(rina, ani.ID, true, ""); err != nil {
		t.Fatal(err)
	}

	for _, sep := range []rune{',', ';'} {
		var buf bytes.Buffer
		var n int
		r.update(func(tx *store.Tx) (err error) {
			n, err = r.off.ExportOwners(tx, &buf, store.OwnerFilter{Limit: 1, Offset: 1}, "id", office.Format{Sep: sep})
			return err
		})
		raw := buf.String()
		if n != 2 || !strings.HasPrefix(raw, "\ufeffNo. registrasi"+string(sep)+"Nama pemilik") || !strings.Contains(raw, "\r\n") {
			t.Fatalf("export (%c): %d rows\n%q", sep, n, raw)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
		cr.Comma = sep
		rows, err := cr.ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("export (%c) does not read back: %d rows, %v", sep, len(rows), err)
		}
		got := map[string]string{}
		for i, h := range rows[0] {
			got[h] = rows[1][i]
		}
		for h, want := range map[string]string{
			"No. registrasi": "IKM-000001", "Nama usaha": `'=HYPERLINK("http://x","klik")`, "NIB": `="1234567890123"`,
			"Nomor HP": `="+6281234567890"`, "Alamat": "Jl. Bunggasi 1; RT 2\n\"belakang masjid\"", "IKM binaan": "ya",
			"Chat": "Telegram", "Bidang usaha": "Pangan (makanan & minuman)", "Terdaftar (WITA)": "2026-11-23 09:00",
		} {
			if got[h] != want {
				t.Errorf("export (%c) %s: %q, want %q", sep, h, got[h], want)
			}
		}
		if rows[2][0] != "IKM-000002" || rows[2][8] != "" {
			t.Errorf("second row %q", rows[2])
		}
	}

	// A filter selects; every page is read.
	var buf bytes.Buffer
	yes := true
	r.update(func(tx *store.Tx) error {
		n, err := r.off.ExportOwners(tx, &buf, store.OwnerFilter{Binaan: &yes}, "en", office.Format{Sep: ','})
		if n != 1 || !strings.HasPrefix(buf.String(), "\ufeffRegistration no.,Owner's name") {
			t.Errorf("binaan export: %d rows, %q", n, buf.String())
		}
		return err
	})
}

// More owners than one page: all of them, each once, in order.
func TestExportOwnersPages(t *testing.T) {
	r := newRig(t)
	const n = 1203
	r.update(func(tx *store.Tx) error {
		for i := range n {
			o := store.Owner{Name: "O", BusinessName: "B", Sector: "pangan", Products: "p", Kecamatan: "Kadia",
				Address: "a", Phone: "+62812", Language: "id", ConsentVersion: "v1", ConsentAt: r.now, ConsentChannel: "console"}
			if err := tx.CreateOwner(&o, store.ChatKey{Channel: "console", Address: string(rune('a'+i%26)) + strings.Repeat("x", i/26)}, r.now); err != nil {
				return err
			}
		}
		return nil
	})
	var buf bytes.Buffer
	r.update(func(tx *store.Tx) error {
		got, err := r.off.ExportOwners(tx, &buf, store.OwnerFilter{}, "id", office.Format{Sep: ','})
		if got != n {
			t.Errorf("exported %d, want %d", got, n)
		}
		return err
	})
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != n+1 || rows[n][0] != "IKM-001203" || rows[501][0] != "IKM-000501" {
		t.Errorf("%d rows, %v; last %q", len(rows), err, rows[len(rows)-1][0])
	}
}

// An XLSX export is a workbook Excel opens: a zip of the parts, one row
// per owner, every cell a string (digits stay as written; nothing runs as
// a formula), owners' markup escaped.
func TestExportOwnersXLSX(t *testing.T) {
	r := newRig(t)
	o := r.owner("=HYPERLINK(\"x\") <b>&", "id", store.ChatKey{Channel: "telegram", Address: "1"})
	var buf bytes.Buffer
	var n int
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		n, err = r.off.ExportOwners(tx, &buf, store.OwnerFilter{}, "id", office.Format{XLSX: true})
		return err
	})
	if err != nil || n != 1 {
		t.Fatalf("%d, %v", n, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
	}
	sheet := parts["xl/worksheets/sheet1.xml"]
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		if parts[name] == "" {
			t.Errorf("no part %s", name)
		}
	}
	if strings.Count(sheet, "<row ") != 2 || !strings.Contains(sheet, "=HYPERLINK(\"x\") &lt;b&gt;&amp;") ||
		!strings.Contains(sheet, ">"+o.Phone+"<") || strings.Contains(sheet, "<f>") {
		t.Errorf("sheet:\n%s", sheet)
	}
	var x struct{}
	if err := xml.Unmarshal([]byte(sheet), &x); err != nil {
		t.Errorf("the sheet is not well-formed XML: %v", err)
	}
}
