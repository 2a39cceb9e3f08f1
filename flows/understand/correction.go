package understand

import (
	"slices"
	"strings"
)

// Field is one field of a form and the phrases that name it ("nama
// usaha", "no hp", "wa"). Phrases are compared after Normalize.
type Field struct {
	Name    string
	Phrases []string
}

// Correction is what an owner asks to change at the summary of a form.
type Correction struct {
	// Fields are the fields named, in the order of the fields given.
	Fields []string
	// Value is the new value, in the owner's spelling, when the message
	// gives one for a single field ("nama: Wa Ode Sitti", "ubah nama jadi
	// Wa Ode Sitti"); "" otherwise.
	Value string
}

// changeWords say that something is to be changed.
var changeWords = map[string]bool{
	"ubah": true, "ganti": true, "salah": true, "koreksi": true, "perbaiki": true, "edit": true,
	"change": true, "wrong": true, "tapi": true, "but": true, "diubah": true, "diganti": true,
	"update": true, "perbarui": true, "betulkan": true,
}

// valueSeparators stand between a field and its new value: "nama jadi
// ...", "alamat yang benar ...", "change name to ...". A colon or an
// equals sign does too.
var valueSeparatorWords = [][]string{
	{"jadi"}, {"menjadi"}, {"harusnya"}, {"seharusnya"}, {"mestinya"}, {"yang", "benar"}, {"to"},
	{"should", "be"},
}

// nameStarts are words that name a field ("wa" is WhatsApp, the phone)
// but also open many names in Kendari: Wa Ode, Wa Nuri. Followed by a
// word that may continue a name, they are part of that name.
var nameStarts = map[string]bool{"wa": true}

// correctionLinks may follow a field's name without continuing a name:
// "wa dan alamat salah", "wa saya", "no wa nya".
var correctionLinks = map[string]bool{
	"dan": true, "sama": true, "atau": true, "juga": true, "ya": true, "saya": true, "nya": true,
	"yang": true, "ke": true, "nomor": true, "no": true, "tolong": true, "itu": true, "ini": true,
	"mau": true, "and": true, "or": true, "my": true, "too": true, "also": true, "please": true,
}

// ParseCorrection understands a correction at a summary: "ubah alamat",
// "salah nomor hp", "ya tapi nama usaha salah", "alamat sama no hp
// salah" name fields with a word of change; "nama: Wa Ode Sitti", "ubah
// nama jadi Wa Ode Sitti", "ya tapi nama salah, harusnya Wa Ode Sitti"
// also give the new value of one field. Longer names win over shorter
// ones inside them ("nama usaha" is not also "nama"), and "wa" followed
// by a name ("nama Wa Ode Sitti") is part of that name, not the phone.
// ok is false when the message asks to change nothing.
func ParseCorrection(s string, fields []Field) (c Correction, ok bool) {
	words, ok := textWords(s)
	if !ok {
		return Correction{}, false
	}
	for _, sep := range valueSeparators(s, words) {
		head := words[:sep.head]
		named := namedFields(head, fields)
		if len(named) == 0 {
			continue // "tidak jadi", "i want to change ...": not after a field
		}
		value := strings.TrimSpace(strings.TrimLeftFunc(s[sep.value:], func(r rune) bool {
			return !isWordRune(r) && !isOpening(r)
		}))
		if len(named) == 1 && hasLetterOrDigit(value) && !strings.HasSuffix(value, "?") {
			return Correction{Fields: named, Value: value}, true
		}
		if hasChangeWord(head) {
			return Correction{Fields: named}, true
		}
		return Correction{}, false
	}
	if !hasChangeWord(words) {
		return Correction{}, false
	}
	named := namedFields(words, fields)
	return Correction{Fields: named}, len(named) > 0
}

// valueSep is a place where a value may start: head is the number of
// words before it, value the byte offset of what follows it.
type valueSep struct{ head, value int }

// valueSeparators finds, in order, the colons, equals signs and
// separator words ("jadi", "yang benar") that follow at least one word.
func valueSeparators(s string, words []textWord) []valueSep {
	var seps []valueSep
	next := 0 // words before the colon
	for i := 0; i < len(s); i++ {
		if s[i] != ':' && s[i] != '=' {
			continue
		}
		for next < len(words) && words[next].end <= i {
			next++
		}
		if next > 0 {
			seps = append(seps, valueSep{next, i + 1})
		}
	}
	for i := 1; i < len(words); i++ {
		for _, m := range valueSeparatorWords {
			if i+len(m) <= len(words) && wordsAre(words[i:i+len(m)], m) {
				seps = append(seps, valueSep{i, words[i+len(m)-1].end})
			}
		}
	}
	slices.SortStableFunc(seps, func(a, b valueSep) int { return a.value - b.value })
	return seps
}

func hasChangeWord(words []textWord) bool {
	for _, w := range words {
		if changeWords[w.w] {
			return true
		}
	}
	return false
}

// namedFields finds the fields that words name, in the order of fields.
func namedFields(words []textWord, fields []Field) []string {
	type cand struct {
		field int
		words []string
	}
	var cands []cand
	fieldWords := map[string]bool{}
	for i, f := range fields {
		for _, p := range f.Phrases {
			if ws := strings.Fields(Normalize(p)); len(ws) > 0 {
				cands = append(cands, cand{i, ws})
				for _, w := range ws {
					fieldWords[w] = true
				}
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return len(b.words) - len(a.words) })
	used := make([]bool, len(words))
	named := make([]bool, len(fields))
	for _, c := range cands {
		n := len(c.words)
		for i := 0; i+n <= len(words); i++ {
			if slices.Contains(used[i:i+n], true) || !phraseAt(words, i, c.words) {
				continue
			}
			if n == 1 && nameStarts[c.words[0]] && i+1 < len(words) {
				next := words[i+1].w
				if !changeWords[next] && !correctionLinks[next] && !fieldWords[next] && !isDigits(next) {
					continue // "nama wa ode sitti": a name, not the phone
				}
			}
			for k := i; k < i+n; k++ {
				used[k] = true
			}
			named[c.field] = true
		}
	}
	var out []string
	for i, f := range fields {
		if named[i] {
			out = append(out, f.Name)
		}
	}
	return out
}

// phraseAt reports whether words from i are phrase, its last word perhaps
// with "nya" ("alamatnya salah").
func phraseAt(words []textWord, i int, phrase []string) bool {
	for k, p := range phrase {
		w := words[i+k].w
		if w != p && !(k == len(phrase)-1 && w == p+"nya") {
			return false
		}
	}
	return true
}
