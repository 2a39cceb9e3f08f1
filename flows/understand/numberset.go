package understand

import (
	"strconv"
	"strings"
)

// NumberSet reads which of n numbered items are meant: "1, 2, 5",
// "1 2 dan 5", "1-4" (a range), "semua" / "all" (every one), "0" /
// "tidak ada" / "none" (none). ok is false when the text holds anything
// else or a number outside 1..n.
func NumberSet(s string, n int) (map[int]bool, bool) {
	norm := Normalize(s)
	set := map[int]bool{}
	switch {
	case norm == "":
		return nil, false
	case HasPhrase(norm, "semua", "semuanya", "all", "hadir semua", "semua hadir"):
		for i := 1; i <= n; i++ {
			set[i] = true
		}
		return set, true
	case norm == "0" || HasPhrase(norm, "tidak ada", "tdk ada", "none", "nobody", "kosong"):
		return set, true
	}
	// Normalize may have turned "1-4" into "1 4": read the raw text's
	// pieces instead.
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '.' || r == '\n' || r == '\t'
	})
	for _, f := range fields {
		if f == "dan" || f == "and" || f == "&" || f == "no" || f == "nomor" {
			continue
		}
		lo, hi, isRange := strings.Cut(f, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, false
			}
		}
		if a < 1 || b > n {
			return nil, false
		}
		for i := a; i <= b; i++ {
			set[i] = true
		}
	}
	return set, len(set) > 0
}
