package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize prepares owner text for matching. It
//   - drops invalid UTF-8 bytes, lowercases, and folds Latin diacritics and
//     full-width forms to plain ASCII ("É" -> "e", "１" -> "1");
//   - keeps letters and digits, keeps '+' before a digit (phone numbers) and
//     '.' or ',' between two digits ("15.000", "2,5"), drops apostrophes,
//     combining marks and zero-width characters, turns every other
//     punctuation or space into a single space, and puts each emoji or other
//     symbol in a word of its own (skin tones and variation selectors go);
//   - squeezes a letter repeated three or more times ("iyaaa" -> "iya"),
//     spells out reduplication ("wua2" -> "wua wua", but not "ke2", "no2");
//   - expands informal spellings word by word ("sy" -> "saya", "gk" ->
//     "tidak", "udh" -> "sudah", "makasih" -> "terima kasih", ...);
//   - drops polite address and particles standing alone ("pak", "bu", "kak",
//     "mi", "ji", "toh", "dong", "deh", ...). "ya" is kept.
//
// The result has single spaces between words and none at either end.
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	clean := appendClean(make([]byte, 0, len(s)+4), s)
	out := make([]byte, 0, len(clean)+8)
	for rest := clean; len(rest) > 0; {
		var w []byte
		if i := indexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			w, rest = rest, nil
		}
		out = appendWord(out, w)
	}
	return string(out)
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// appendClean writes s lowercased, folded and with punctuation turned into
// single spaces; no space at either end.
func appendClean(dst []byte, s string) []byte {
	space := false // a space is due before the next kept character
	put := func(dst []byte, p string) []byte {
		if space {
			if len(dst) > 0 {
				dst = append(dst, ' ')
			}
			space = false
		}
		return append(dst, p...)
	}
	lastDigit := func(dst []byte) bool {
		return !space && len(dst) > 0 && isASCIIDigit(dst[len(dst)-1])
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		next := s[i:]
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				dst = put(dst, s[i-1:i])
			case 'A' <= c && c <= 'Z':
				dst = put(dst, string(rune(c+'a'-'A')))
			case c == '\'' || c == '`':
				// dropped: "jum'at" -> "jumat"
			case c == '+' && len(next) > 0 && isASCIIDigit(next[0]):
				space = true // '+' always starts a word
				dst = put(dst, "+")
			case (c == '.' || c == ',') && lastDigit(dst) && len(next) > 0 && isASCIIDigit(next[0]):
				dst = put(dst, s[i-1:i])
			default:
				space = true
			}
			continue
		}
		r = unicode.ToLower(r)
		if f := fold(r); f != "" {
			dst = put(dst, f)
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			dst = utf8.AppendRune(put(dst, ""), r)
		case unicode.IsMark(r) || unicode.Is(unicode.Cf, r) || isApostrophe(r):
			// dropped without a space: combining accents, ZWJ, soft hyphen
		case unicode.Is(unicode.So, r) && r != utf8.RuneError:
			space = true
			dst = utf8.AppendRune(put(dst, ""), r)
			space = true
		default:
			space = true
		}
	}
	return dst
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

func isApostrophe(r rune) bool {
	switch r {
	case '\u2018', '\u2019', '\u00b4', '\u02b9', '\u2032':
		return true
	}
	return false
}

// fold maps a lowercase non-ASCII letter or digit to plain ASCII, or
// returns "" when it has no ASCII form.
func fold(r rune) string {
	switch {
	case r >= 0xff10 && r <= 0xff19: // full-width digits
		return asciiDigits[r-0xff10 : r-0xff10+1]
	case r >= 0xff41 && r <= 0xff5a: // full-width lowercase letters
		return asciiLetters[r-0xff41 : r-0xff41+1]
	case r < 0xc0 || r > 0x17f:
		return ""
	}
	return latinFold[r-0xc0]
}

const (
	asciiDigits  = "0123456789"
	asciiLetters = "abcdefghijklmnopqrstuvwxyz"
)

// latinFold is indexed by rune-0xC0 for U+00C0..U+017F (Latin-1 Supplement
// letters and Latin Extended-A), lowercase forms only.
var latinFold = [0x180 - 0xc0]string{
	// U+00E0..U+00FF
	0xdf - 0xc0: "ss",
	0xe0 - 0xc0: "a", 0xe1 - 0xc0: "a", 0xe2 - 0xc0: "a", 0xe3 - 0xc0: "a", 0xe4 - 0xc0: "a", 0xe5 - 0xc0: "a",
	0xe6 - 0xc0: "ae", 0xe7 - 0xc0: "c",
	0xe8 - 0xc0: "e", 0xe9 - 0xc0: "e", 0xea - 0xc0: "e", 0xeb - 0xc0: "e",
	0xec - 0xc0: "i", 0xed - 0xc0: "i", 0xee - 0xc0: "i", 0xef - 0xc0: "i",
	0xf0 - 0xc0: "d", 0xf1 - 0xc0: "n",
	0xf2 - 0xc0: "o", 0xf3 - 0xc0: "o", 0xf4 - 0xc0: "o", 0xf5 - 0xc0: "o", 0xf6 - 0xc0: "o", 0xf8 - 0xc0: "o",
	0xf9 - 0xc0: "u", 0xfa - 0xc0: "u", 0xfb - 0xc0: "u", 0xfc - 0xc0: "u",
	0xfd - 0xc0: "y", 0xfe - 0xc0: "th", 0xff - 0xc0: "y",
	// U+0100..U+017F: pairs of upper/lower; only the lower forms are reached
	0x101 - 0xc0: "a", 0x103 - 0xc0: "a", 0x105 - 0xc0: "a",
	0x107 - 0xc0: "c", 0x109 - 0xc0: "c", 0x10b - 0xc0: "c", 0x10d - 0xc0: "c",
	0x10f - 0xc0: "d", 0x111 - 0xc0: "d",
	0x113 - 0xc0: "e", 0x115 - 0xc0: "e", 0x117 - 0xc0: "e", 0x119 - 0xc0: "e", 0x11b - 0xc0: "e",
	0x11d - 0xc0: "g", 0x11f - 0xc0: "g", 0x121 - 0xc0: "g", 0x123 - 0xc0: "g",
	0x125 - 0xc0: "h", 0x127 - 0xc0: "h",
	0x129 - 0xc0: "i", 0x12b - 0xc0: "i", 0x12d - 0xc0: "i", 0x12f - 0xc0: "i", 0x131 - 0xc0: "i",
	0x133 - 0xc0: "ij", 0x135 - 0xc0: "j", 0x137 - 0xc0: "k", 0x138 - 0xc0: "k",
	0x13a - 0xc0: "l", 0x13c - 0xc0: "l", 0x13e - 0xc0: "l", 0x140 - 0xc0: "l", 0x142 - 0xc0: "l",
	0x144 - 0xc0: "n", 0x146 - 0xc0: "n", 0x148 - 0xc0: "n", 0x149 - 0xc0: "n", 0x14b - 0xc0: "n",
	0x14d - 0xc0: "o", 0x14f - 0xc0: "o", 0x151 - 0xc0: "o", 0x153 - 0xc0: "oe",
	0x155 - 0xc0: "r", 0x157 - 0xc0: "r", 0x159 - 0xc0: "r",
	0x15b - 0xc0: "s", 0x15d - 0xc0: "s", 0x15f - 0xc0: "s", 0x161 - 0xc0: "s",
	0x163 - 0xc0: "t", 0x165 - 0xc0: "t", 0x167 - 0xc0: "t",
	0x169 - 0xc0: "u", 0x16b - 0xc0: "u", 0x16d - 0xc0: "u", 0x16f - 0xc0: "u", 0x171 - 0xc0: "u", 0x173 - 0xc0: "u",
	0x175 - 0xc0: "w", 0x177 - 0xc0: "y", 0x17a - 0xc0: "z", 0x17c - 0xc0: "z", 0x17e - 0xc0: "z", 0x17f - 0xc0: "s",
}

// appendWord appends one cleaned word after squeezing repeated letters,
// spelling out reduplication and expanding slang.
func appendWord(out []byte, w []byte) []byte {
	w = squeeze(w)
	if n := len(w); n >= 4 && w[n-1] == '2' {
		if p := w[:n-1]; isLetters(p) && utf8.RuneCount(p) >= 3 && !noRedup[string(p)] {
			out = appendExpanded(out, p)
			return appendExpanded(out, p)
		}
	}
	return appendExpanded(out, w)
}

func appendExpanded(out []byte, w []byte) []byte {
	if v, ok := slang[string(w)]; ok {
		if v == "" {
			return out
		}
		return appendSpaced(out, v)
	}
	return appendSpaced(out, string(w))
}

func appendSpaced(out []byte, w string) []byte {
	if len(out) > 0 {
		out = append(out, ' ')
	}
	return append(out, w...)
}

func isLetters(b []byte) bool {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if !unicode.IsLetter(r) {
			return false
		}
		i += size
	}
	return len(b) > 0
}

// squeeze turns a run of three or more of the same letter into one
// ("iyaaa" -> "iya", "tolooong" -> "tolong"); digits stay as they are.
func squeeze(w []byte) []byte {
	if !hasTripleLetter(w) {
		return w
	}
	out := make([]byte, 0, len(w))
	var prev rune = -1
	run := 0
	start := 0 // where the current run starts in out
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		i += size
		if r == prev {
			run++
		} else {
			prev, run, start = r, 1, len(out)
		}
		out = utf8.AppendRune(out, r)
		if run == 3 && unicode.IsLetter(r) {
			out = out[:start+utf8.RuneLen(r)]
		} else if run > 3 && unicode.IsLetter(r) {
			out = out[:len(out)-size]
		}
	}
	return out
}

func hasTripleLetter(w []byte) bool {
	var a, b rune = -1, -2
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		i += size
		if r == a && r == b && unicode.IsLetter(r) {
			return true
		}
		a, b = b, r
	}
	return false
}
