package understand

import (
	"fmt"
	"strconv"
	"strings"
)

// Reference is an application's reference: HL-2026-0007 (halal),
// TK-2026-0012 (TKDN IK), numbered per kind and per year.
type Reference struct {
	Prefix string // "HL" or "TK"
	Year   int
	Seq    int
}

// String writes the reference the way the office prints it.
func (r Reference) String() string { return fmt.Sprintf("%s-%04d-%04d", r.Prefix, r.Year, r.Seq) }

// referencePrefixes are the kinds' prefixes.
var referencePrefixes = []string{"HL", "TK"}

// FindReference finds a reference anywhere in a message, however it is
// typed: "HL-2026-0007", "hl 2026 7", "status TK-2026-0012", "hl2026-07",
// "HL/2026/0007", "tk-2026-12?". Years from 2020 to 2099; a sequence
// from 1 to 99999.
func FindReference(s string) (Reference, bool) {
	t := strings.ToUpper(s)
	for i := 0; i+2 <= len(t); i++ {
		if i > 0 && isAlnum(t[i-1]) {
			continue // "PHL-..." is not a reference
		}
		for _, p := range referencePrefixes {
			if !strings.HasPrefix(t[i:], p) {
				continue
			}
			if r, ok := parseRefTail(t[i+len(p):]); ok {
				r.Prefix = p
				return r, true
			}
		}
	}
	return Reference{}, false
}

// parseRefTail reads " 2026 7", "-2026-0007", "2026/7" after a prefix.
func parseRefTail(t string) (Reference, bool) {
	t = strings.NewReplacer("–", "-", "—", "-", "‑", "-").Replace(t)
	if d := strings.TrimLeft(t, " -/._#:"); len(d) >= 8 && allDigits(d[:8]) && (len(d) == 8 || !isASCIIDigit(d[8])) {
		t = d[:4] + "-" + d[4:] // "HL20260007": the year, then the number
	}
	year, rest, ok := refNumber(t, 4)
	if !ok || year < 2020 || year > 2099 {
		return Reference{}, false
	}
	seq, rest, ok := refNumber(rest, 5)
	if !ok || seq < 1 {
		return Reference{}, false
	}
	if rest != "" && isAlnum(rest[0]) {
		return Reference{}, false // "HL-2026-7A"
	}
	return Reference{Year: year, Seq: seq}, true
}

// refNumber skips separators and reads up to max digits that are not
// followed by another digit.
func refNumber(t string, max int) (int, string, bool) {
	t = strings.TrimLeft(t, " -/._#:")
	end := 0
	for end < len(t) && isASCIIDigit(t[end]) {
		end++
	}
	if end == 0 || end > max {
		return 0, t, false
	}
	n, err := strconv.Atoi(t[:end])
	return n, t[end:], err == nil
}

func isAlnum(c byte) bool { return isASCIIDigit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}
