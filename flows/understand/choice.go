package understand

import (
	"strings"
	"unicode/utf8"
)

// Option is one numbered choice. Value is a stable machine value; Label is
// the displayed text (any language); Synonyms are extra words or phrases
// (already lowercase) that also select it.
type Option struct {
	Value    string
	Label    string
	Synonyms []string
}

// maxChoiceWords: longer messages are matched by number or whole phrase
// only, never word by word or with typos.
const maxChoiceWords = 12

// Choose picks one of options from owner text and returns its index in
// options (0-based; the owner sees them numbered from 1).
//
// It understands, in this order:
//  1. a number: "2", " 2. ", "2)", "no 2", "nomor 2", "pilih 2", "ke-2",
//     "yg ke 2", "2️⃣", number words ("dua", "kedua", "pertama",
//     "sebelas", "dua belas", "two", "second", "2nd"), "terakhir"/"last".
//     A number outside 1..len(options) gives ok=false, outOfRange=true.
//  2. the whole label or a synonym, ignoring case, diacritics, punctuation,
//     emoji and spaces ("wuawua" for "Wua-Wua");
//  3. a phrase holding one option's label or synonym as whole words ("saya
//     mau daftar" with synonym "daftar"); a longer match inside which a
//     shorter one of another option lies wins ("tidak setuju" over
//     "setuju");
//  4. words: an input word equal to a word of a label or synonym, or a
//     prefix of one of at least 3 letters ("sert" for "Sertifikat");
//  5. typos: Damerau-Levenshtein distance 1 for words of 4-7 letters, 2 for
//     8 or more, word by word or over the whole text;
//  6. a yes/no answer ("iya", "gak") when exactly one option's label or
//     synonym is itself that answer ("Ya, saya setuju", "Tidak"; not "mau
//     daftar", where "mau" is a verb: a bare "iya" at a menu chooses
//     nothing).
//
// A step that finds several options equally good ends the search with
// ok=false (ambiguous); index is -1 whenever ok is false.
func Choose(s string, options []Option) (index int, ok bool, outOfRange bool) {
	return choose(s, options, true)
}

// ChooseNamed is Choose without guessing: only a number (step 1) or an
// option's label or synonym standing whole in the text (steps 2 and 3)
// choose; a word shared with a label, a typo or a yes/no never do. It is
// for a question asked where a choice was expected: "alamat kantor
// dimana?" shares "alamat" with "ubah alamat" but does not choose it,
// while "bagaimana cara daftar?" names "daftar".
func ChooseNamed(s string, options []Option) (index int, ok bool, outOfRange bool) {
	return choose(s, options, false)
}

// choose runs the steps of Choose; loose adds steps 4 to 6.
func choose(s string, options []Option, loose bool) (index int, ok bool, outOfRange bool) {
	if len(options) == 0 {
		return -1, false, false
	}
	in := Normalize(s)
	if in == "" {
		return -1, false, false
	}
	words := strings.Fields(in)
	if n, isNum := choiceNumber(words, len(options)); isNum {
		if n < 1 || n > int64(len(options)) {
			return -1, false, true
		}
		return int(n - 1), true, false
	}
	if i, ok := chooseText(in, words, options, loose); ok {
		return i, true, false
	}
	return -1, false, false
}

// choicePrefixes may come before the number: "saya pilih nomor 2".
var choicePrefixes = map[string]bool{
	"saya": true, "mau": true, "pilih": true, "pilihan": true, "plh": true, "no": true, "nomor": true,
	"yang": true, "ke": true, "opsi": true, "option": true, "number": true, "num": true, "angka": true,
	"the": true, "i": true, "choose": true, "pick": true, "ambil": true, "jawab": true, "jawaban": true,
	"answer": true, "is": true, "my": true, "choice": true, "want": true,
}

var choiceSuffixes = map[string]bool{
	"saja": true, "ya": true, "itu": true, "dulu": true, "please": true, "pls": true, "tolong": true,
	"yang": true, "option": true, "opsi": true,
}

// ordinalsEN maps English ordinal words to cardinal words.
var ordinalsEN = map[string]string{
	"first": "one", "second": "two", "third": "three", "fourth": "four", "fifth": "five", "sixth": "six",
	"seventh": "seven", "eighth": "eight", "ninth": "nine", "tenth": "ten", "eleventh": "eleven",
	"twelfth": "twelve", "thirteenth": "thirteen", "fourteenth": "fourteen", "fifteenth": "fifteen",
	"sixteenth": "sixteen", "seventeenth": "seventeen", "eighteenth": "eighteen", "nineteenth": "nineteen",
	"twentieth": "twenty", "thirtieth": "thirty",
}

// choiceNumber reads words as a choice number. isNum is false when the
// words are not a number at all.
func choiceNumber(words []string, count int) (n int64, isNum bool) {
	for len(words) > 1 && choicePrefixes[words[0]] {
		words = words[1:]
	}
	for len(words) > 1 && choiceSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) == 0 || len(words) > 6 {
		return 0, false
	}
	if len(words) == 2 && words[1] == "one" {
		if _, ok := ordinalsEN[words[0]]; ok {
			words = words[:1]
		}
	}
	if len(words) == 1 {
		switch w := words[0]; w {
		case "pertama", "kesatu":
			return 1, true
		case "terakhir", "last":
			return int64(count), true
		}
	}
	var buf [6]string
	ws := append(buf[:0], words...)
	first := ws[0]
	// "no2", "nomor2", "opsi2", "ke2", "ke12": a prefix glued to digits
	for _, p := range [...]string{"nomor", "opsi", "pilih", "no", "ke"} {
		if rest, ok := strings.CutPrefix(first, p); ok && rest != "" && isASCIIDigit(rest[0]) {
			ws[0] = rest
			break
		}
	}
	// "kedua", "ketiga", "kesebelas", "kedua belas"
	if rest, ok := strings.CutPrefix(ws[0], "ke"); ok && rest != "" && !isASCIIDigit(rest[0]) {
		ws[0] = rest
	}
	// "second", "twenty first", "2nd", "3rd", "11th"
	last := ws[len(ws)-1]
	if c, ok := ordinalsEN[last]; ok {
		ws[len(ws)-1] = c
	} else if n := len(last); n > 2 && isASCIIDigit(last[0]) {
		switch last[n-2:] {
		case "st", "nd", "rd", "th":
			ws[len(ws)-1] = last[:n-2]
		}
	}
	v, ok := parseNumberWords(ws)
	return v, ok
}

// phrase is a normalized label or synonym of option opt.
type phrase struct {
	opt  int
	text string
}

// picker collects the options that match at one step.
type picker struct {
	idx   int
	multi bool
}

func newPicker() picker { return picker{idx: -1} }

func (p *picker) add(i int) {
	switch {
	case p.idx < 0:
		p.idx = i
	case p.idx != i:
		p.multi = true
	}
}

// chooseText runs steps 2 and 3 of Choose, and 4 to 6 when loose.
func chooseText(in string, words []string, options []Option, loose bool) (int, bool) {
	var buf [48]phrase
	phrases := buf[:0]
	for i, o := range options {
		if t := stripSymbols(Normalize(o.Label)); t != "" {
			phrases = append(phrases, phrase{i, t})
		}
		for _, syn := range o.Synonyms {
			if t := stripSymbols(Normalize(syn)); t != "" {
				phrases = append(phrases, phrase{i, t})
			}
		}
	}
	text := stripSymbols(in)

	// 2. whole label or synonym
	if text != "" {
		p := newPicker()
		for _, ph := range phrases {
			if ph.text == text || eqNoSpace(ph.text, text) {
				p.add(ph.opt)
			}
		}
		if p.idx >= 0 {
			return p.idx, !p.multi
		}
	}

	// 3. a label or synonym inside a phrase
	if i, found, ok := containedPhrase(text, phrases); found {
		return i, ok
	}

	if !loose || len(words) > maxChoiceWords {
		return -1, false
	}

	// 4. equal words and prefixes
	if i, found, ok := bestScore(text, phrases, len(options), wordScore); found {
		return i, ok
	}

	// 5. typos, over the whole text then word by word
	if compact := strings.ReplaceAll(text, " ", ""); utf8.RuneCountInString(compact) >= 4 {
		best, bestD := newPicker(), 3
		for _, ph := range phrases {
			pc := strings.ReplaceAll(ph.text, " ", "")
			if d, ok := isTypoOf(compact, pc); ok {
				switch {
				case d < bestD:
					best, bestD = newPicker(), d
					best.add(ph.opt)
				case d == bestD:
					best.add(ph.opt)
				}
			}
		}
		if best.idx >= 0 {
			return best.idx, !best.multi
		}
	}
	if i, found, ok := bestScore(text, phrases, len(options), typoScore); found {
		return i, ok
	}

	// 6. yes/no answer
	if yes, ok := yesNoWords(words); ok {
		p := newPicker()
		for _, ph := range phrases {
			if y, ok := answerPhrase(strings.Fields(ph.text)); ok && y == yes {
				p.add(ph.opt)
			}
		}
		if p.idx >= 0 {
			return p.idx, !p.multi
		}
	}
	return -1, false
}

// answerPhrase reads an option's label or synonym as a yes/no answer: one
// that is only an answer ("Ya, saya setuju", "tidak ada"), or that opens
// with a word that only answers ("Ya, pakai nomor ini", "Tidak, jangan
// dihapus"). "mau daftar", "sudah daftar", "bisa diantar" open with a word
// that is also a verb or an adverb: they are not answers.
func answerPhrase(words []string) (yes bool, ok bool) {
	if len(words) == 0 {
		return false, false
	}
	if !isAnswerOnly(words) && !answerOpeners[words[0]] {
		return false, false
	}
	return yesNoWords(words)
}

// answerOpeners are the yes/no words that open an answer and nothing else.
var answerOpeners = map[string]bool{
	"ya": true, "iya": true, "yes": true, "ok": true, "oke": true, "okay": true, "tidak": true, "no": true,
	"bukan": true, "jangan": true,
}

// containedPhrase finds labels and synonyms that occur in text as whole
// words. found tells whether any did; ok whether they name one option once
// matches lying inside a longer match of another option are set aside.
func containedPhrase(text string, phrases []phrase) (idx int, found, ok bool) {
	type span struct{ opt, start, end int }
	var buf [32]span
	spans := buf[:0]
	for _, ph := range phrases {
		for from := 0; from < len(text); {
			j := strings.Index(text[from:], ph.text)
			if j < 0 {
				break
			}
			start := from + j
			end := start + len(ph.text)
			if (start == 0 || text[start-1] == ' ') && (end == len(text) || text[end] == ' ') {
				spans = append(spans, span{ph.opt, start, end})
				break
			}
			from = start + 1
		}
	}
	if len(spans) == 0 {
		return -1, false, false
	}
	p := newPicker()
	for _, a := range spans {
		inside := false
		for _, b := range spans {
			if b.opt != a.opt && b.start <= a.start && b.end >= a.end && b.end-b.start > a.end-a.start {
				inside = true
				break
			}
		}
		if !inside {
			p.add(a.opt)
		}
	}
	return p.idx, true, p.idx >= 0 && !p.multi
}

// choiceStop are words too common to pick an option by themselves.
var choiceStop = map[string]bool{
	"saya": true, "mau": true, "yang": true, "untuk": true, "dan": true, "atau": true, "di": true, "ke": true,
	"dari": true, "ini": true, "itu": true, "ada": true, "dengan": true, "the": true, "a": true, "an": true,
	"i": true, "to": true, "of": true, "and": true, "or": true, "my": true, "me": true, "please": true,
	"pilih": true, "nomor": true, "no": true, "mana": true, "apa": true, "saja": true, "juga": true,
	"ya": true, "lah": true, "nya": true, "is": true, "it": true, "want": true, "would": true, "like": true,
	"bisa": true, "tolong": true, "kami": true, "kita": true, "in": true, "on": true, "for": true,
}

// score is how well one input word matches one option word; 0 is none.
// Higher is better; distances are folded in so that 1 typo beats 2.
type scoreFunc func(word, target string) int

func wordScore(word, target string) int {
	switch {
	case word == target:
		return 4
	case utf8.RuneCountInString(word) >= 3 && strings.HasPrefix(target, word):
		return 2
	}
	return 0
}

func typoScore(word, target string) int {
	if d, ok := isTypoOf(word, target); ok && !choiceStop[target] {
		return 3 - d
	}
	return 0
}

// bestScore adds up, for each option, the best score of each content word
// of text against the words of its labels and synonyms, and returns the
// option with the highest total. found is false when nothing scored; ok
// is false when the highest total is shared.
func bestScore(text string, phrases []phrase, nOptions int, score scoreFunc) (idx int, found, ok bool) {
	var buf [32]int
	totals := buf[:0]
	if nOptions <= len(buf) {
		totals = buf[:nOptions]
	} else {
		totals = make([]int, nOptions)
	}
	var wbuf [32]int // best score of the current word per option
	best := wbuf[:0]
	if nOptions <= len(wbuf) {
		best = wbuf[:nOptions]
	} else {
		best = make([]int, nOptions)
	}
	for rest := text; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if choiceStop[w] {
			continue
		}
		clear(best)
		for _, ph := range phrases {
			for pr := ph.text; pr != ""; {
				var t string
				t, pr, _ = strings.Cut(pr, " ")
				if sc := score(w, t); sc > best[ph.opt] {
					best[ph.opt] = sc
				}
			}
		}
		for i, b := range best {
			totals[i] += b
		}
	}
	top, count := 0, 0
	idx = -1
	for i, t := range totals {
		switch {
		case t > top:
			top, count, idx = t, 1, i
		case t == top && t > 0:
			count++
		}
	}
	if top == 0 {
		return -1, false, false
	}
	return idx, true, count == 1
}

// eqNoSpace compares a and b ignoring spaces.
func eqNoSpace(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// stripSymbols drops from normalized text the words that hold no letter
// or digit (emoji), so that "📋 daftar" matches "daftar".
func stripSymbols(s string) string {
	clean := true
	for rest := s; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if !hasLetterOrDigit(w) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for rest := s; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if hasLetterOrDigit(w) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	return b.String()
}
