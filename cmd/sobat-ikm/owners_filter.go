package main

import (
	"flag"
	"fmt"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// ownerFilterFlags are the filters of owners list and export.
type ownerFilterFlags struct {
	fs        *flag.FlagSet
	kecamatan string
	sector    string
	binaan    bool
	query     string
}

// addOwnerFilter adds the filters' flags to fs.
func addOwnerFilter(fs *flag.FlagSet) *ownerFilterFlags {
	f := &ownerFilterFlags{fs: fs}
	fs.StringVar(&f.kecamatan, "kecamatan", "", "only this kecamatan (spelled as owners do: \"wua wua\", \"kendari barat\")")
	fs.StringVar(&f.sector, "sector", "", "only this sector: "+strings.Join(office.Sectors(), ", "))
	fs.BoolVar(&f.binaan, "binaan", false, "only binaan IKM (-binaan=false: only the others)")
	fs.StringVar(&f.query, "q", "", "find by registration number (IKM-000123), mobile number, NIB, or part of the owner's or business's name")
	return f
}

// filter is the store's filter for the flags given; an error says which
// flag is wrong.
func (f *ownerFilterFlags) filter() (store.OwnerFilter, error) {
	var out store.OwnerFilter
	if strings.TrimSpace(f.kecamatan) != "" {
		name, ok, _ := understand.Kecamatan(f.kecamatan)
		if !ok {
			return out, fmt.Errorf("-kecamatan %q: not a kecamatan of Kota Kendari (%s)", f.kecamatan,
				strings.Join(understand.KecamatanNames(), ", "))
		}
		out.Kecamatan = name
	}
	if s := strings.ToLower(strings.TrimSpace(f.sector)); s != "" {
		if !office.IsSector(s) {
			return out, fmt.Errorf("-sector %q: want one of %s", f.sector, strings.Join(office.Sectors(), ", "))
		}
		out.Sector = s
	}
	f.fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "binaan" {
			b := f.binaan
			out.Binaan = &b
		}
	})
	out.Query = strings.TrimSpace(f.query)
	return out, nil
}
