package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"sobat-ikm/store"
)

func TestFindOwners(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "l.db"))
	defer db.Close()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for i, o := range []*store.Owner{owner("Ani"), owner("Budi"), owner("Citra"), owner("Dewi")} {
			switch i {
			case 1:
				o.Kecamatan, o.Sector, o.Products = "Poasia", "kerajinan", "perak 100% asli"
			case 2:
				o.Kecamatan, o.BusinessName = "Poasia", "Tenun_Citra"
			}
			if err := tx.CreateOwner(o, store.ChatKey{Channel: "console", Address: o.Name}, now); err != nil {
				return err
			}
			if i >= 2 {
				if _, err := tx.SetOwnerBinaan(o.ID, true, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	for _, tc := range []struct {
		name  string
		f     store.OwnerFilter
		want  []string
		total int
	}{
		{"all", store.OwnerFilter{}, []string{"Ani", "Budi", "Citra", "Dewi"}, 4},
		{"page", store.OwnerFilter{Offset: 1, Limit: 2}, []string{"Budi", "Citra"}, 4},
		{"past the end", store.OwnerFilter{Offset: 9, Limit: 2}, nil, 4},
		{"kecamatan", store.OwnerFilter{Kecamatan: "Poasia"}, []string{"Budi", "Citra"}, 2},
		{"sector", store.OwnerFilter{Sector: "kerajinan"}, []string{"Budi"}, 1},
		{"binaan", store.OwnerFilter{Binaan: &yes}, []string{"Citra", "Dewi"}, 2},
		{"not binaan", store.OwnerFilter{Binaan: &no, Kecamatan: "Poasia"}, []string{"Budi"}, 1},
		{"query in name, any case", store.OwnerFilter{Query: " dEWI "}, []string{"Dewi"}, 1},
		{"query in business", store.OwnerFilter{Query: "usaha ani"}, []string{"Ani"}, 1},
		{"query in products", store.OwnerFilter{Query: "PERAK"}, []string{"Budi"}, 1},
		{"% is a character", store.OwnerFilter{Query: "100%"}, []string{"Budi"}, 1},
		{"_ is a character", store.OwnerFilter{Query: "n_c"}, []string{"Citra"}, 1},
		{"_ is not a wildcard", store.OwnerFilter{Query: "usaha_"}, nil, 0},
	} {
		err := db.Update(ctx, func(tx *store.Tx) error {
			got, total, err := tx.FindOwners(tc.f)
			if err != nil {
				return err
			}
			var names []string
			for _, o := range got {
				names = append(names, o.Name)
			}
			if total != tc.total || len(names) != len(tc.want) {
				t.Errorf("%s: %v of %d, want %v of %d", tc.name, names, total, tc.want, tc.total)
				return nil
			}
			for i := range names {
				if names[i] != tc.want[i] {
					t.Errorf("%s: %v, want %v", tc.name, names, tc.want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
