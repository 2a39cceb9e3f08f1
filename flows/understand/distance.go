package understand

import "unicode/utf8"

// typoBudget is how many typos a word of n letters may have: 1 for 4-7
// letters, 2 for 8 or more, none below 4.
func typoBudget(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// distance is the Damerau-Levenshtein distance (optimal string alignment:
// insertions, deletions, substitutions and swaps of two neighbours) between
// a and b, counted in runes. It stops early and returns max+1 once the
// distance is known to exceed max.
func distance(a, b string, max int) int {
	if a == b {
		return 0
	}
	var abuf, bbuf [32]rune
	ra, rb := toRunes(abuf[:0], a), toRunes(bbuf[:0], b)
	la, lb := len(ra), len(rb)
	if d := la - lb; d > max || -d > max {
		return max + 1
	}
	if la == 0 || lb == 0 {
		return la + lb
	}
	var r0, r1, r2 [33]int
	prev2, prev, cur := r0[:], r1[:], r2[:]
	if lb+1 > len(cur) {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= lb; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[lb], max+1)
}

func toRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// isTypoOf reports whether word (as typed) is within the typo budget of
// target, the budget set by the length of target. Both must have at least
// four letters.
func isTypoOf(word, target string) (int, bool) {
	n := utf8.RuneCountInString(target)
	if utf8.RuneCountInString(word) < 4 {
		return 0, false
	}
	budget := typoBudget(n)
	if budget == 0 {
		return 0, false
	}
	d := distance(word, target, budget)
	return d, d <= budget
}
