package understand

import (
	"unicode"
	"unicode/utf8"
)

// AppendFields appends to dst the words of s as strings.Fields splits
// them, at most max of them; more reports that s has more. Given a dst
// with room (an array on the caller's stack), it allocates nothing: the
// checks that run for every message split their text this way.
func AppendFields(dst []string, s string, max int) (words []string, more bool) {
	start := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isFieldSpace(r) {
			if start >= 0 {
				if len(dst) == max {
					return dst, true
				}
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		if len(dst) == max {
			return dst, true
		}
		dst = append(dst, s[start:])
	}
	return dst, false
}

func isFieldSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
	}
	return unicode.IsSpace(r)
}
