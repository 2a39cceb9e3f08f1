package understand

import (
	"maps"
	"slices"
	"testing"
)

func TestNumberSet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		ok   bool
	}{
		{"1, 2, 5", []int{1, 2, 5}, true},
		{"1 2 dan 5", []int{1, 2, 5}, true},
		{"1-3", []int{1, 2, 3}, true},
		{"2-3, 5", []int{2, 3, 5}, true},
		{"no 4", []int{4}, true},
		{"semua", []int{1, 2, 3, 4, 5}, true},
		{"semua hadir", []int{1, 2, 3, 4, 5}, true},
		{"0", nil, true},
		{"tidak ada", nil, true},
		{"6", nil, false},
		{"0, 1", nil, false},
		{"3-1", nil, false},
		{"budi", nil, false},
		{"", nil, false},
		{"1,,2", []int{1, 2}, true},
		{"\xff", nil, false},
	} {
		got, ok := NumberSet(tc.in, 5)
		keys := slices.Sorted(maps.Keys(got))
		if ok != tc.ok || ok && !slices.Equal(keys, tc.want) && !(len(keys) == 0 && tc.want == nil) {
			t.Errorf("NumberSet(%q) = %v %v, want %v %v", tc.in, keys, ok, tc.want, tc.ok)
		}
	}
}

func FuzzNumberSet(f *testing.F) {
	for _, s := range []string{"1, 2, 5", "1-3", "semua", "0", "9-99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set, ok := NumberSet(s, 35)
		for i := range set {
			if i < 1 || i > 35 {
				t.Fatalf("NumberSet(%q) gave %d (ok %v)", s, i, ok)
			}
		}
	})
}
