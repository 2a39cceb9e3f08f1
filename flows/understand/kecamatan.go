package understand

import (
	"strings"
	"unicode/utf8"
)

// KecamatanNames lists the canonical names of Kota Kendari's 11 kecamatan
// in alphabetical order, as a new slice each call.
func KecamatanNames() []string {
	out := make([]string, len(kecamatanNames))
	copy(out, kecamatanNames[:])
	return out
}

// Kecamatan finds which of Kota Kendari's 11 kecamatan the text names and
// returns its canonical name (see KecamatanNames).
//
// Spelling is forgiving: "wua wua", "wuawua", "wua2", "kendari brt",
// "kdi barat", "puwatu" (typos as in Choose; a two-word name with a typo,
// "kendari bart", wins over the one-word name inside it), "kec. baruga",
// "kecamatan kadia". A kelurahan ("lepo-lepo", "sanua", "anduonohu")
// gives its kecamatan; "kel. poasia" is the kelurahan Poasia in Abeli, while
// "poasia" alone is kecamatan Poasia, and "abeli dalam" is in Puuwatu.
// Plain "kendari" is kecamatan Kendari, unless another kecamatan is named
// too ("mandonga kendari": the city); "kota kendari" alone is ambiguous.
// Two different kecamatan give ok=false, unless one is marked with
// "kec"/"kecamatan".
//
// outside is true when the text names a place outside the city ("di luar
// kendari", "luar kota", "konawe selatan", "kolaka", "baubau", "makassar")
// and nothing inside it.
func Kecamatan(s string) (name string, ok bool, outside bool) {
	words := strings.Fields(Normalize(s))
	if len(words) > maxPlaceWords {
		words = words[:maxPlaceWords]
	}
	for i, w := range words {
		if a, ok := placeWordAlias[w]; ok {
			words[i] = a
		}
	}
	var (
		explicit, found kecSet
		plainKendari    bool // "kendari" alone, not "kota kendari"
	)
	marker := markerNone
	for i := 0; i < len(words); {
		w := words[i]
		switch {
		case kecMarkers[w]:
			marker, i = markerKec, i+1
			continue
		case kelMarkers[w]:
			marker, i = markerKel, i+1
			continue
		case w == "luar":
			outside = true
			for i++; i < len(words) && afterLuar[words[i]]; i++ {
			}
			marker = markerNone
			continue
		}
		p, n := matchPlace(words, i)
		if n == 0 {
			i++
			continue
		}
		switch {
		case p.kec < 0:
			outside = true
		case p.compact == "kendari" && marker != markerKec:
			// "kota kendari" and "kendari kota" name the city
			if !(i > 0 && words[i-1] == "kota" || i+1 < len(words) && words[i+1] == "kota") {
				plainKendari = true
			}
		default:
			k := p.kec
			if marker == markerKel && p.kelKec >= 0 {
				k = p.kelKec
			}
			if marker == markerKec && p.isKec {
				explicit.add(k)
			}
			found.add(k)
		}
		marker = markerNone
		i += n
	}
	switch {
	case explicit.n == 1:
		return kecamatanNames[explicit.first], true, false
	case found.n == 1:
		return kecamatanNames[found.first], true, false
	case found.n > 1:
		return "", false, false
	case plainKendari:
		return kecamatanNames[kecKendari], true, false
	}
	// nothing, or only "kota kendari": the city, not a kecamatan
	return "", false, outside
}

// maxPlaceWords bounds the work on very long messages.
const maxPlaceWords = 64

const (
	markerNone = iota
	markerKec
	markerKel
)

// kecSet is a small set of kecamatan indexes.
type kecSet struct {
	bits  uint16
	n     int
	first int
}

func (s *kecSet) add(k int) {
	if s.bits&(1<<k) != 0 {
		return
	}
	if s.n == 0 {
		s.first = k
	}
	s.bits |= 1 << k
	s.n++
}

// matchPlace finds the place starting at words[i]: 3 then 2 words
// exactly, then 2 words with typos, then 1 word exactly and with typos.
// Two words with a typo come before one exact word, so that "kendari
// bart" is Kendari Barat rather than Kendari followed by an unknown word;
// but not when both words are places by themselves ("mandonga kendari").
// n is how many words it covers, 0 when none.
func matchPlace(words []string, i int) (place, int) {
	var buf [64]byte
	for k := min(3, len(words)-i); k >= 2; k-- {
		if p, ok := exactPlace(appendCompact(buf[:0], words[i:i+k])); ok {
			return p, k
		}
	}
	if i+1 < len(words) && !bothPlaces(words[i], words[i+1]) {
		if p, ok := typoPlace(words[i:i+2], buf[:0]); ok {
			return p, 2
		}
	}
	if p, ok := exactPlace(appendCompact(buf[:0], words[i:i+1])); ok {
		return p, 1
	}
	if !noPlaceTypo[words[i]] {
		if p, ok := typoPlace(words[i:i+1], buf[:0]); ok {
			return p, 1
		}
	}
	return place{}, 0
}

// bothPlaces reports whether a and b each name a place exactly.
func bothPlaces(a, b string) bool {
	_, okA := exactPlace([]byte(a))
	_, okB := exactPlace([]byte(b))
	return okA && okB
}

// typoPlace finds the one place that words, run together, spell with
// typos (as in Choose): several words match only a place written as
// several words; short names of kelurahan and outside places never.
func typoPlace(words []string, buf []byte) (place, bool) {
	c := string(appendCompact(buf, words))
	if utf8.RuneCountInString(c) < 5 || len(c) > 40 {
		return place{}, false
	}
	best, bestD, tie := place{}, 3, false
	for _, p := range places {
		if len(words) > 1 && !p.multi || utf8.RuneCountInString(p.compact) < 5 ||
			(!p.isKec || p.kec < 0) && utf8.RuneCountInString(p.compact) < 6 {
			continue
		}
		d, ok := isTypoOf(c, p.compact)
		if !ok {
			continue
		}
		switch {
		case d < bestD:
			best, bestD, tie = p, d, false
		case d == bestD && p.kec != best.kec:
			tie = true
		}
	}
	return best, bestD <= 2 && !tie
}

func appendCompact(dst []byte, words []string) []byte {
	for _, w := range words {
		dst = append(dst, w...)
	}
	return dst
}

func exactPlace(c []byte) (place, bool) {
	for _, p := range places {
		if p.compact == string(c) {
			return p, true
		}
	}
	return place{}, false
}

var kecamatanNames = [...]string{
	"Abeli", "Baruga", "Kadia", "Kambu", "Kendari", "Kendari Barat", "Mandonga", "Nambo", "Poasia", "Puuwatu", "Wua-Wua",
}

const (
	kecAbeli = iota
	kecBaruga
	kecKadia
	kecKambu
	kecKendari
	kecKendariBarat
	kecMandonga
	kecNambo
	kecPoasia
	kecPuuwatu
	kecWuaWua
	outsideCity = -1
)

// place is a spelling of a kecamatan, kelurahan or outside place, with its
// words run together ("kendaribarat", "lepolepo").
type place struct {
	compact string
	kec     int  // index in kecamatanNames; outsideCity for places outside
	isKec   bool // the name of a kecamatan
	kelKec  int  // for a kecamatan name that is also a kelurahan elsewhere: that kecamatan, else -1
	multi   bool // written as more than one word
}

// places: DOMAIN.md section 4 (11 kecamatan, 65 kelurahan), common
// spellings, and places outside the city.
var places = []place{
	// kecamatan (the same-named kelurahan lies in it, except Poasia)
	{"abeli", kecAbeli, true, -1, false},
	{"baruga", kecBaruga, true, -1, false},
	{"kadia", kecKadia, true, -1, false},
	{"kambu", kecKambu, true, -1, false},
	{"kendari", kecKendari, true, -1, false},
	{"kendaribarat", kecKendariBarat, true, -1, true},
	{"mandonga", kecMandonga, true, -1, false},
	{"nambo", kecNambo, true, -1, false},
	{"poasia", kecPoasia, true, kecAbeli, false},
	{"puuwatu", kecPuuwatu, true, -1, false},
	{"wuawua", kecWuaWua, true, -1, true},
	{"wua", kecWuaWua, true, -1, false},
	// kelurahan
	{"anggalomelai", kecAbeli, false, -1, false},
	{"benuanirae", kecAbeli, false, -1, true},
	{"lapulu", kecAbeli, false, -1, false},
	{"pudai", kecAbeli, false, -1, false},
	{"talia", kecAbeli, false, -1, false},
	{"bungkutoko", kecNambo, false, -1, false},
	{"petoaha", kecNambo, false, -1, false},
	{"sambuli", kecNambo, false, -1, false},
	{"tobimeita", kecNambo, false, -1, false},
	{"tondonggeu", kecNambo, false, -1, false},
	{"anduonohu", kecPoasia, false, -1, false},
	{"anggoeya", kecPoasia, false, -1, false},
	{"matabubu", kecPoasia, false, -1, false},
	{"rahandouna", kecPoasia, false, -1, false},
	{"wundumbatu", kecPoasia, false, -1, false},
	{"alolama", kecMandonga, false, -1, false},
	{"anggilowu", kecMandonga, false, -1, false},
	{"korumba", kecMandonga, false, -1, false},
	{"labibia", kecMandonga, false, -1, false},
	{"wawombalata", kecMandonga, false, -1, false},
	{"abelidalam", kecPuuwatu, false, -1, true},
	{"lalodati", kecPuuwatu, false, -1, false},
	{"punggolaka", kecPuuwatu, false, -1, false},
	{"tobuuha", kecPuuwatu, false, -1, false},
	{"watulondo", kecPuuwatu, false, -1, false},
	{"anaiwoi", kecKadia, false, -1, false},
	{"bende", kecKadia, false, -1, false},
	{"pondambea", kecKadia, false, -1, false},
	{"wowawanggu", kecKadia, false, -1, false},
	{"lepolepo", kecBaruga, false, -1, true},
	{"watubangga", kecBaruga, false, -1, false},
	{"wundudopi", kecBaruga, false, -1, false},
	{"anawai", kecWuaWua, false, -1, false},
	{"bonggoeya", kecWuaWua, false, -1, false},
	{"mataiwoi", kecWuaWua, false, -1, false},
	{"lalolara", kecKambu, false, -1, false},
	{"mokoau", kecKambu, false, -1, false},
	{"padaleu", kecKambu, false, -1, false},
	{"gunungjati", kecKendari, false, -1, true},
	{"jatimekar", kecKendari, false, -1, true},
	{"kampungsalo", kecKendari, false, -1, true},
	{"kandai", kecKendari, false, -1, false},
	{"kessilampe", kecKendari, false, -1, false},
	{"kasilampe", kecKendari, false, -1, false},
	{"kendaricaddi", kecKendari, false, -1, true},
	{"manggadua", kecKendari, false, -1, true},
	{"mata", kecKendari, false, -1, false},
	{"purirano", kecKendari, false, -1, false},
	{"benubenua", kecKendariBarat, false, -1, true},
	{"dapudapura", kecKendariBarat, false, -1, true},
	{"kemaraya", kecKendariBarat, false, -1, false},
	{"lahundape", kecKendariBarat, false, -1, false},
	{"punggaloba", kecKendariBarat, false, -1, false},
	{"sanua", kecKendariBarat, false, -1, false},
	{"sodohoa", kecKendariBarat, false, -1, false},
	{"tipulu", kecKendariBarat, false, -1, false},
	{"watuwatu", kecKendariBarat, false, -1, true},
	// outside the city
	{"konawe", outsideCity, false, -1, false},
	{"konaweselatan", outsideCity, false, -1, true},
	{"konaweutara", outsideCity, false, -1, true},
	{"konawekepulauan", outsideCity, false, -1, true},
	{"konsel", outsideCity, false, -1, false},
	{"konut", outsideCity, false, -1, false},
	{"konkep", outsideCity, false, -1, false},
	{"kolaka", outsideCity, false, -1, false},
	{"kolakautara", outsideCity, false, -1, true},
	{"kolakatimur", outsideCity, false, -1, true},
	{"koltim", outsideCity, false, -1, false},
	{"kolut", outsideCity, false, -1, false},
	{"baubau", outsideCity, false, -1, true},
	{"muna", outsideCity, false, -1, false},
	{"munabarat", outsideCity, false, -1, true},
	{"mubar", outsideCity, false, -1, false},
	{"buton", outsideCity, false, -1, false},
	{"butonutara", outsideCity, false, -1, true},
	{"butonselatan", outsideCity, false, -1, true},
	{"butontengah", outsideCity, false, -1, true},
	{"busel", outsideCity, false, -1, false},
	{"buteng", outsideCity, false, -1, false},
	{"butur", outsideCity, false, -1, false},
	{"wakatobi", outsideCity, false, -1, false},
	{"wanci", outsideCity, false, -1, false},
	{"bombana", outsideCity, false, -1, false},
	{"unaaha", outsideCity, false, -1, false},
	{"raha", outsideCity, false, -1, false},
	{"andoolo", outsideCity, false, -1, false},
	{"ranomeeto", outsideCity, false, -1, false},
	{"moramo", outsideCity, false, -1, false},
	{"lasusua", outsideCity, false, -1, false},
	{"pasarwajo", outsideCity, false, -1, false},
	{"makassar", outsideCity, false, -1, false},
	{"jakarta", outsideCity, false, -1, false},
	{"surabaya", outsideCity, false, -1, false},
	{"bandung", outsideCity, false, -1, false},
	{"palu", outsideCity, false, -1, false},
	{"manado", outsideCity, false, -1, false},
	{"jawa", outsideCity, false, -1, false},
	{"sulawesiselatan", outsideCity, false, -1, true},
	{"sulsel", outsideCity, false, -1, false},
}

// placeWordAlias rewrites abbreviations used in addresses.
var placeWordAlias = map[string]string{
	"kdi": "kendari", "kdr": "kendari", "kendar": "kendari", "brt": "barat", "brat": "barat", "bar": "barat",
}

var kecMarkers = map[string]bool{"kec": true, "kecamatan": true, "kecamtan": true, "kecamatn": true, "kcmtn": true}

var kelMarkers = map[string]bool{"kel": true, "kelurahan": true, "kelurahn": true, "kelurhan": true, "desa": true, "kelrahan": true}

// afterLuar are swallowed after "luar": "luar kota kendari", "luar daerah".
var afterLuar = map[string]bool{"kota": true, "kendari": true, "daerah": true, "wilayah": true, "kabupaten": true}

// noPlaceTypo are common words one typo away from a place name.
var noPlaceTypo = map[string]bool{"bambu": true, "italia": true, "nadia": true, "kadir": true, "posisi": true, "kolak": true}
