package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"sobat-ikm/store"
)

func TestNIBTaken(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "nib.db"))
	defer db.Close()
	ani, budi := owner("Ani"), owner("Budi")
	ani.NIB = "9120000000001"
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateOwner(ani, store.ChatKey{Channel: "console", Address: "ani"}, now); err != nil {
			return err
		}
		return tx.CreateOwner(budi, store.ChatKey{Channel: "console", Address: "budi"}, now) // no NIB
	})
	err := db.View(context.Background(), func(tx *store.ReadTx) error {
		for _, tc := range []struct {
			nib    string
			except int64
			want   bool
		}{
			{ani.NIB, 0, true},          // a new owner's
			{ani.NIB, budi.ID, true},    // another owner's
			{ani.NIB, ani.ID, false},    // the owner's own
			{"9120000000002", 0, false}, // nobody's
			{"", ani.ID, false},         // no NIB, though Budi has none either
		} {
			if got, err := tx.NIBTaken(tc.nib, tc.except); err != nil || got != tc.want {
				t.Errorf("NIBTaken(%q, %d) = %v, %v; want %v", tc.nib, tc.except, got, err, tc.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFindOwners(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "list.db"))
	defer db.Close()
	type row struct{ name, business, sector, kecamatan, phone, nib string }
	owners := []row{
		{"Wa Ode Sitti", "Tenun Ikat Sitti", "sandang", "Abeli", "+6281200000001", "9120000000001"},
		{"La Ode Hamid", "Abon Ikan Marlin Hamid", "pangan", "Kadia", "+6281200000002", ""},
		{"Ani", "Mete Ani 100%", "pangan", "Abeli", "+6281200000003", "9120000000003"},
		{"Budi", "Rotan_Budi", "kerajinan", "Poasia", "+6281300000004", ""},
		{"Sitti Aminah", `Kue "Enak"`, "pangan", "Kadia", "+6281300000005", ""},
	}
	ids := map[string]int64{}
	update(t, db, func(tx *store.Tx) error {
		for i, r := range owners {
			o := owner(r.name)
			o.BusinessName, o.Sector, o.Kecamatan, o.Phone, o.NIB = r.business, r.sector, r.kecamatan, r.phone, r.nib
			o.Binaan = i%2 == 1
			if err := tx.CreateOwner(o, store.ChatKey{Channel: "console", Address: r.name}, now); err != nil {
				return err
			}
			ids[r.name] = o.ID
		}
		return nil
	})
	yes, no := true, false
	for _, tc := range []struct {
		name  string
		f     store.OwnerFilter
		want  []string
		total int // when paged
	}{
		{"all", store.OwnerFilter{}, []string{"Wa Ode Sitti", "La Ode Hamid", "Ani", "Budi", "Sitti Aminah"}, 0},
		{"kecamatan", store.OwnerFilter{Kecamatan: "Abeli"}, []string{"Wa Ode Sitti", "Ani"}, 0},
		{"sector", store.OwnerFilter{Sector: "pangan"}, []string{"La Ode Hamid", "Ani", "Sitti Aminah"}, 0},
		{"binaan", store.OwnerFilter{Binaan: &yes}, []string{"La Ode Hamid", "Budi"}, 0},
		{"not binaan", store.OwnerFilter{Binaan: &no}, []string{"Wa Ode Sitti", "Ani", "Sitti Aminah"}, 0},
		{"all of them", store.OwnerFilter{Kecamatan: "Kadia", Sector: "pangan", Binaan: &no}, []string{"Sitti Aminah"}, 0},
		{"name part, any case", store.OwnerFilter{Query: "sitti"}, []string{"Wa Ode Sitti", "Sitti Aminah"}, 0},
		{"business part", store.OwnerFilter{Query: "ikan marlin"}, []string{"La Ode Hamid"}, 0},
		{"in a kecamatan", store.OwnerFilter{Query: "Sitti", Kecamatan: "Kadia"}, []string{"Sitti Aminah"}, 0},
		{"two letters", store.OwnerFilter{Query: "de"}, []string{"Wa Ode Sitti", "La Ode Hamid"}, 0},
		{"percent sign", store.OwnerFilter{Query: "%"}, []string{"Ani"}, 0},
		{"underscore", store.OwnerFilter{Query: "n_B"}, []string{"Budi"}, 0},
		{"quotes", store.OwnerFilter{Query: `"Enak"`}, []string{"Sitti Aminah"}, 0},
		{"FTS syntax is text", store.OwnerFilter{Query: "Ani OR Budi"}, nil, 0},
		{"registration number", store.OwnerFilter{Query: fmt.Sprintf("IKM-%06d", ids["Budi"])}, []string{"Budi"}, 0},
		{"registration number, loosely", store.OwnerFilter{Query: fmt.Sprintf(" ikm %d ", ids["Ani"])}, []string{"Ani"}, 0},
		{"bare registration number", store.OwnerFilter{Query: fmt.Sprint(ids["Ani"])}, []string{"Ani"}, 0},
		{"NIB", store.OwnerFilter{Query: "9120000000003"}, []string{"Ani"}, 0},
		{"phone as typed", store.OwnerFilter{Query: "0812-0000-0002"}, []string{"La Ode Hamid"}, 0},
		{"phone with +62", store.OwnerFilter{Query: "+62 813 0000 0005"}, []string{"Sitti Aminah"}, 0},
		{"phone without 0", store.OwnerFilter{Query: "81300000004"}, []string{"Budi"}, 0},
		{"nobody's number", store.OwnerFilter{Query: "0899999999"}, nil, 0},
		{"first page", store.OwnerFilter{Sector: "pangan", Limit: 2}, []string{"La Ode Hamid", "Ani"}, 3},
		{"second page", store.OwnerFilter{Sector: "pangan", Limit: 2, Offset: 2}, []string{"Sitti Aminah"}, 3},
		{"past the end", store.OwnerFilter{Sector: "pangan", Limit: 2, Offset: 4}, nil, 3},
	} {
		err := db.View(context.Background(), func(tx *store.ReadTx) error {
			got, total, err := tx.FindOwners(tc.f)
			if err != nil {
				return err
			}
			var names []string
			for _, o := range got {
				names = append(names, o.Name)
			}
			want := tc.total
			if want == 0 {
				want = len(tc.want)
			}
			if !slices.Equal(names, tc.want) || total != want {
				t.Errorf("%s: %q (total %d), want %q (total %d)", tc.name, names, total, tc.want, want)
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// The name search follows changes to a name, and forgets an erased owner.
func TestFindOwnersFollowsUpdatesAndErasure(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "follow.db"))
	defer db.Close()
	o := owner("Hasnawati")
	update(t, db, func(tx *store.Tx) error {
		return tx.CreateOwner(o, store.ChatKey{Channel: "console", Address: "h"}, now)
	})
	find := func(q string) []int64 {
		t.Helper()
		var ids []int64
		err := db.View(context.Background(), func(tx *store.ReadTx) error {
			got, _, err := tx.FindOwners(store.OwnerFilter{Query: q})
			for _, o := range got {
				ids = append(ids, o.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := find("nawa"); len(got) != 1 {
		t.Fatalf("found %v, want the owner", got)
	}
	o.Name, o.BusinessName = "Hasmiah", "Sagu Hasmiah"
	update(t, db, func(tx *store.Tx) error { return tx.UpdateOwner(o, now) })
	if got := find("nawa"); len(got) != 0 {
		t.Errorf("the old name still finds %v", got)
	}
	if got := find("sagu"); len(got) != 1 {
		t.Errorf("the new business name finds %v", got)
	}
	update(t, db, func(tx *store.Tx) error { _, err := tx.EraseOwner(o.ID); return err })
	if got := find("Hasmiah"); len(got) != 0 {
		t.Errorf("the erased owner is still found: %v", got)
	}
}
