package office

import "slices"

// Sectors are the codes of the office's sectors, as stored in
// store.Owner.Sector; each has a label "sector_<code>" in locales.
func Sectors() []string {
	return []string{"pangan", "sandang", "kerajinan", "furnitur", "bahan_bangunan", "lainnya"}
}

// IsSector reports whether code is one of Sectors.
func IsSector(code string) bool { return slices.Contains(Sectors(), code) }
