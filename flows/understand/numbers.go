package understand

import (
	"math"
	"strings"
)

// maxNumber bounds what Number returns, well inside int64.
const maxNumber = 1_000_000_000_000_000

type numKind uint8

const (
	nkUnit   numKind = iota + 1 // 0-9 ("satu", "nine")
	nkTeen                      // 10-19 as one English word ("ten", "twelve")
	nkTens                      // 20-90 as one English word ("twenty")
	nkBelas                     // "belas": unit + 10
	nkPuluh                     // "puluh": unit × 10
	nkRatus                     // "ratus", "hundred": × 100
	nkScale                     // "ribu", "juta", "thousand", ...: × val
	nkDigits                    // typed digits; dec digits after a decimal comma
	nkAnd                       // English "and" inside a number
	nkA                         // English "a" before "hundred"/"thousand"
)

type numAtom struct {
	kind numKind
	val  int64
	dec  int // for nkDigits: how many digits of val are decimals
}

// numWords are the number words, Indonesian and English. Words starting
// with "se" ("sebelas", "seratus") expand to one + the rest in numAtoms.
var numWords = map[string]numAtom{
	"nol": {nkUnit, 0, 0}, "kosong": {nkUnit, 0, 0}, "zero": {nkUnit, 0, 0},
	"satu": {nkUnit, 1, 0}, "dua": {nkUnit, 2, 0}, "tiga": {nkUnit, 3, 0}, "empat": {nkUnit, 4, 0},
	"lima": {nkUnit, 5, 0}, "enam": {nkUnit, 6, 0}, "tujuh": {nkUnit, 7, 0}, "delapan": {nkUnit, 8, 0},
	"lapan": {nkUnit, 8, 0}, "sembilan": {nkUnit, 9, 0},
	"one": {nkUnit, 1, 0}, "two": {nkUnit, 2, 0}, "three": {nkUnit, 3, 0}, "four": {nkUnit, 4, 0},
	"five": {nkUnit, 5, 0}, "six": {nkUnit, 6, 0}, "seven": {nkUnit, 7, 0}, "eight": {nkUnit, 8, 0},
	"nine": {nkUnit, 9, 0},
	"ten":  {nkTeen, 10, 0}, "eleven": {nkTeen, 11, 0}, "twelve": {nkTeen, 12, 0}, "thirteen": {nkTeen, 13, 0},
	"fourteen": {nkTeen, 14, 0}, "fifteen": {nkTeen, 15, 0}, "sixteen": {nkTeen, 16, 0},
	"seventeen": {nkTeen, 17, 0}, "eighteen": {nkTeen, 18, 0}, "nineteen": {nkTeen, 19, 0},
	"twenty": {nkTens, 20, 0}, "thirty": {nkTens, 30, 0}, "forty": {nkTens, 40, 0}, "fourty": {nkTens, 40, 0},
	"fifty": {nkTens, 50, 0}, "sixty": {nkTens, 60, 0}, "seventy": {nkTens, 70, 0}, "eighty": {nkTens, 80, 0},
	"ninety": {nkTens, 90, 0},
	"belas":  {nkBelas, 10, 0}, "puluh": {nkPuluh, 10, 0}, "ratus": {nkRatus, 100, 0}, "hundred": {nkRatus, 100, 0},
	"ribu": {nkScale, 1_000, 0}, "rb": {nkScale, 1_000, 0}, "k": {nkScale, 1_000, 0}, "thousand": {nkScale, 1_000, 0},
	"juta": {nkScale, 1_000_000, 0}, "jt": {nkScale, 1_000_000, 0}, "million": {nkScale, 1_000_000, 0},
	"miliar": {nkScale, 1_000_000_000, 0}, "milyar": {nkScale, 1_000_000_000, 0},
	"billion": {nkScale, 1_000_000_000, 0}, "triliun": {nkScale, 1_000_000_000_000, 0},
	"and": {nkAnd, 0, 0}, "a": {nkA, 1, 0},
}

// seWords take the prefix "se" meaning one: "sepuluh", "sebelas", "seratus".
var seWords = map[string]bool{"puluh": true, "belas": true, "ratus": true, "ribu": true, "juta": true, "miliar": true, "milyar": true}

// numberPrefixes and numberSuffixes may stand around a count: "sekitar 12 orang", "ada 5".
var numberPrefixes = map[string]bool{
	"sekitar": true, "kira": true, "kurang": true, "lebih": true, "ada": true, "cuma": true, "hanya": true,
	"sebanyak": true, "total": true, "jumlah": true, "jumlahnya": true, "about": true, "around": true,
	"approx": true, "rp": true, "kurleb": true, "saya": true, "kami": true,
}

var numberSuffixes = map[string]bool{
	"orang": true, "buah": true, "unit": true, "pcs": true, "biji": true, "ekor": true, "karyawan": true,
	"pekerja": true, "saja": true, "ya": true, "people": true, "persons": true, "workers": true,
}

// Number parses a whole number typed as digits or as Indonesian or
// English words: "12", "dua belas", "duabelas", "seratus lima", "sebelas",
// "twelve", "one hundred and five", "1.000", "15rb", "2,5 jt", "Rp15.000".
// Count words around it are allowed: "sekitar 12 orang", "ada 5 karyawan".
// Negative, fractional or ambiguous input ("-3", "1,5", "3 atau 4") and
// numbers beyond 10^15 give ok=false.
func Number(s string) (n int, ok bool) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "\u2212") {
		return 0, false
	}
	words := strings.Fields(Normalize(s))
	for len(words) > 1 && numberPrefixes[words[0]] {
		words = words[1:]
	}
	for len(words) > 1 && numberSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	v, ok := parseNumberWords(words)
	if !ok || v > math.MaxInt {
		return 0, false
	}
	return int(v), true
}

// parseNumberWords reads normalized words as one number.
func parseNumberWords(words []string) (int64, bool) {
	if len(words) == 0 || len(words) > 16 {
		return 0, false
	}
	var buf [16]numAtom
	atoms := buf[:0]
	for _, w := range words {
		var ok bool
		if atoms, ok = appendNumAtoms(atoms, w); !ok {
			return 0, false
		}
	}
	return parseAtoms(atoms)
}

// appendNumAtoms turns one word into number atoms: "12", "15.000",
// "15rb", "rp15.000", "seratus", "duapuluh".
func appendNumAtoms(atoms []numAtom, w string) ([]numAtom, bool) {
	w = strings.TrimPrefix(w, "rp")
	if w == "" {
		return atoms, false
	}
	if isASCIIDigit(w[0]) {
		end := 0
		for end < len(w) && (isASCIIDigit(w[end]) || w[end] == '.' || w[end] == ',') {
			end++
		}
		a, ok := parseDigits(w[:end])
		if !ok {
			return atoms, false
		}
		atoms = append(atoms, a)
		if end == len(w) {
			return atoms, true
		}
		suffix, ok := numWords[w[end:]]
		if !ok || suffix.kind != nkScale {
			return atoms, false
		}
		return append(atoms, suffix), true
	}
	if a, ok := numWords[w]; ok {
		return append(atoms, a), true
	}
	if rest, ok := strings.CutPrefix(w, "se"); ok && seWords[rest] {
		return append(atoms, numAtom{nkUnit, 1, 0}, numWords[rest]), true
	}
	return splitJoinedNumber(atoms, w)
}

// splitJoinedNumber reads number words typed without spaces ("duapuluh",
// "seratuslima", "twentyone"), trying the longest known word first.
func splitJoinedNumber(atoms []numAtom, w string) ([]numAtom, bool) {
	if len(w) < 4 || len(w) > 48 || len(atoms) > 12 {
		return atoms, false
	}
	for end := len(w); end >= 2; end-- {
		head := w[:end]
		var next []numAtom
		if a, ok := numWords[head]; ok && a.kind != nkA && a.kind != nkAnd && head != "k" {
			next = append(atoms, a)
		} else if rest, ok := strings.CutPrefix(head, "se"); ok && seWords[rest] {
			next = append(atoms, numAtom{nkUnit, 1, 0}, numWords[rest])
		} else {
			continue
		}
		if end == len(w) {
			return next, true
		}
		if out, ok := splitJoinedNumber(next, w[end:]); ok {
			return out, true
		}
		if tail, ok := numWords[w[end:]]; ok && len(w[end:]) >= 2 {
			return append(next, tail), true
		}
	}
	return atoms, false
}

// parseDigits reads "12", "1.000", "15.000.000" (dot: thousands), and
// "2,5" or "2.5" as a decimal only usable before a scale word.
func parseDigits(d string) (numAtom, bool) {
	if strings.IndexAny(d, ".,") < 0 {
		return digitsAtom(d, 0)
	}
	// thousands separated by dots (or commas, English style): groups of 3
	for _, sep := range []string{".", ","} {
		parts := strings.Split(d, sep)
		if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
			continue
		}
		good := true
		for _, p := range parts[1:] {
			if len(p) != 3 || strings.IndexAny(p, ".,") >= 0 {
				good = false
				break
			}
		}
		if good && strings.IndexAny(parts[0], ".,") < 0 {
			return digitsAtom(strings.Join(parts, ""), 0)
		}
	}
	// one decimal separator
	i := strings.IndexAny(d, ".,")
	whole, frac := d[:i], d[i+1:]
	if whole == "" || frac == "" || strings.IndexAny(frac, ".,") >= 0 || len(frac) > 6 {
		return numAtom{}, false
	}
	return digitsAtom(whole+frac, len(frac))
}

func digitsAtom(d string, dec int) (numAtom, bool) {
	if d == "" || len(d) > 16 {
		return numAtom{}, false
	}
	var v int64
	for i := 0; i < len(d); i++ {
		if !isASCIIDigit(d[i]) {
			return numAtom{}, false
		}
		v = v*10 + int64(d[i]-'0')
	}
	return numAtom{nkDigits, v, dec}, true
}

// parseAtoms reads groups below a thousand joined by decreasing scale
// words: "dua juta tiga ratus ribu lima", "one hundred and five".
func parseAtoms(atoms []numAtom) (int64, bool) {
	var total int64
	lastScale := int64(math.MaxInt64)
	for len(atoms) > 0 {
		g, dec, rest, ok := parseGroup(atoms)
		if !ok {
			return 0, false
		}
		if len(rest) == 0 {
			if dec > 0 {
				return 0, false
			}
			total += g
			break
		}
		if rest[0].kind != nkScale || rest[0].val >= lastScale {
			return 0, false
		}
		scale := rest[0].val
		lastScale = scale
		v, ok := scaled(g, dec, scale)
		if !ok {
			return 0, false
		}
		total += v
		if total > maxNumber {
			return 0, false
		}
		atoms = rest[1:]
		if len(atoms) > 0 && atoms[0].kind == nkAnd {
			atoms = atoms[1:]
			if len(atoms) == 0 {
				return 0, false
			}
		}
	}
	if total > maxNumber {
		return 0, false
	}
	return total, true
}

// scaled multiplies g (with dec decimal digits) by scale, if the result is
// whole and not too big.
func scaled(g int64, dec int, scale int64) (int64, bool) {
	if g > maxNumber/scale {
		return 0, false
	}
	v := g * scale
	for ; dec > 0; dec-- {
		if v%10 != 0 {
			return 0, false
		}
		v /= 10
	}
	return v, true
}

// parseGroup reads one group: typed digits, or words for 0-999
// ([unit ratus] [unit puluh [unit] | unit belas | teen | tens [unit] | unit]).
func parseGroup(atoms []numAtom) (v int64, dec int, rest []numAtom, ok bool) {
	a := atoms[0]
	if a.kind == nkDigits && (a.dec > 0 || a.val > 9 || len(atoms) == 1 || atoms[1].kind == nkScale) {
		return a.val, a.dec, atoms[1:], true
	}
	unit := func(i int) (int64, bool) {
		if i >= len(atoms) {
			return 0, false
		}
		switch b := atoms[i]; b.kind {
		case nkUnit:
			return b.val, true
		case nkDigits:
			return b.val, b.dec == 0 && b.val <= 9
		case nkA:
			return 1, i+1 < len(atoms) && (atoms[i+1].kind == nkRatus || atoms[i+1].kind == nkScale)
		}
		return 0, false
	}
	i := 0
	used := false
	// hundreds
	if u, ok := unit(i); ok && u > 0 && i+1 < len(atoms) && atoms[i+1].kind == nkRatus {
		v, i, used = u*100, i+2, true
		if i < len(atoms) && atoms[i].kind == nkAnd {
			i++
			if i >= len(atoms) || atoms[i].kind == nkScale {
				return 0, 0, nil, false
			}
		}
	}
	// tens and units
	if u, ok := unit(i); ok && i+1 < len(atoms) && (atoms[i+1].kind == nkPuluh || atoms[i+1].kind == nkBelas) {
		if u == 0 {
			return 0, 0, nil, false
		}
		if atoms[i+1].kind == nkBelas {
			v += 10 + u
			i += 2
		} else {
			v += u * 10
			i += 2
			if u2, ok := unit(i); ok && u2 > 0 && atoms[i].kind != nkA {
				v += u2
				i++
			}
		}
		used = true
	} else if i < len(atoms) && atoms[i].kind == nkTeen {
		v += atoms[i].val
		i++
		used = true
	} else if i < len(atoms) && atoms[i].kind == nkTens {
		v += atoms[i].val
		i++
		if u2, ok := unit(i); ok && u2 > 0 && atoms[i].kind != nkA {
			v += u2
			i++
		}
		used = true
	} else if u, ok := unit(i); ok { // "a" is ok only before "hundred"/"thousand"
		if u == 0 && (used || len(atoms) > 1) {
			return 0, 0, nil, false
		}
		v += u
		i++
		used = true
	}
	if !used {
		return 0, 0, nil, false
	}
	return v, 0, atoms[i:], true
}
