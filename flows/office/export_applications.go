package office

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// ExportApplications writes the applications f selects (all of them) as
// CSV for spreadsheets, one row each with its owner, answers (the NIK
// masked), stage, portal record and certificate, and returns how many.
func (o *Office) ExportApplications(r store.Reader, w io.Writer, f store.ApplicationFilter, lang string, format Format) (int, error) {
	ids := []string{"app_col_ref", "app_col_kind", "app_col_stage", "app_col_since", "app_col_filed", "office_col_regno",
		"office_col_business", "office_col_name", "app_col_product", "app_col_address", "app_col_nik", "app_col_materials",
		"app_col_labour", "app_col_overhead", "app_col_domestic", "app_col_portal", "app_col_portal_status", "app_col_checked",
		"app_col_cert", "app_col_percent", "app_col_valid"}
	headings := make([]string, len(ids))
	for i, id := range ids {
		headings[i] = o.cat.Text(lang, id, nil)
	}
	sh, err := newSheet(w, format, headings)
	if err != nil {
		return 0, err
	}
	n := 0
	f.OwnerID, f.Offset, f.Limit = 0, 0, exportPage
	for {
		apps, _, err := r.FindApplications(f)
		if err != nil {
			return n, fmt.Errorf("office: export: %w", err)
		}
		for _, a := range apps {
			owner, err := r.FindOwnerByID(a.OwnerID)
			if err != nil && a.OwnerID != 0 {
				return n, fmt.Errorf("office: export: %w", err)
			}
			var products []string
			for _, p := range a.Answers.Products {
				products = append(products, strings.TrimSuffix(strings.Join([]string{p.Name, p.Brand, p.Ingredients}, "; "), "; "))
			}
			regNo := ""
			if owner.ID != 0 {
				regNo = owner.RegNo()
			}
			money := func(v int64) string {
				if a.Kind != store.AppTKDN {
					return ""
				}
				return strconv.FormatInt(v, 10)
			}
			percent := ""
			if a.TKDNPercent != 0 {
				percent = strconv.FormatFloat(a.TKDNPercent, 'f', -1, 64)
			}
			domestic := ""
			if a.Kind == store.AppTKDN {
				domestic = strconv.Itoa(a.Answers.DomesticShare)
			}
			row := []string{a.Ref(), o.KindName(lang, a.Kind), o.StageName(lang, a.Kind, a.Stage), ShowTime(a.StageAt),
				ShowTime(a.CreatedAt), regNo, owner.BusinessName, owner.Name, strings.Join(products, " | "),
				a.Answers.ProductionAddress, understand.MaskNIK(a.NIK), money(a.Answers.Materials), money(a.Answers.Labour),
				money(a.Answers.Overhead), domestic, a.PortalNo, a.PortalStatus, ShowTime(a.PortalCheckedAt), a.CertNo, percent, a.ValidUntil}
			exact := make([]bool, len(row))
			exact[10], exact[15], exact[18] = true, true, true // the NIK, the portal's and the certificate's numbers
			if err := sh.write(row, exact); err != nil {
				return n, err
			}
			n++
		}
		if len(apps) < exportPage {
			break
		}
		f.Offset += exportPage
	}
	return n, sh.close()
}
