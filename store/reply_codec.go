package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The outbox keeps each reply as JSON (outbox.body). Every message
// dispatched writes one and the sender reads it back, so both directions
// are written by hand here: appendReply gives exactly encoding/json's
// bytes (a fuzz test holds it to that), and decodeReply reads the form
// appendReply writes with two allocations, handing anything else (a key
// in another case, a null, a body written by an older version) to
// encoding/json, so that what it reads is always what json.Unmarshal
// would.

// appendReply appends r's JSON to dst, as json.Marshal(r) writes it.
func appendReply(dst []byte, r Reply) []byte {
	dst = append(dst, `{"text":`...)
	dst = appendJSONString(dst, r.Text)
	if len(r.Choices) > 0 {
		dst = append(dst, `,"choices":[`...)
		for i, c := range r.Choices {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"value":`...)
			dst = appendJSONString(dst, c.Value)
			dst = append(dst, `,"label":`...)
			dst = appendJSONString(dst, c.Label)
			if c.Style != "" {
				dst = append(dst, `,"style":`...)
				dst = appendJSONString(dst, c.Style)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	for _, f := range [...]struct{ key, v string }{{`,"ask":`, r.Ask}, {`,"step":`, r.Step}, {`,"file":`, r.File}, {`,"file_type":`, r.FileType}} {
		if f.v != "" {
			dst = append(dst, f.key...)
			dst = appendJSONString(dst, f.v)
		}
	}
	if r.Protect {
		dst = append(dst, `,"protect":true`...)
	}
	return append(dst, '}')
}

// replySize is about how long r's JSON is: room enough for it, save
// many escapes.
func replySize(r Reply) int {
	n := 96 + len(r.Text) + len(r.Ask) + len(r.Step) + len(r.File) + len(r.FileType)
	for _, c := range r.Choices {
		n += 40 + len(c.Value) + len(c.Label) + len(c.Style)
	}
	return n + n/8
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json does:
// HTML characters escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// decodeReply reads a reply's JSON into r.
func decodeReply(body string, r *Reply) error {
	if d, ok := fastReply(body); ok {
		*r = d
		return nil
	}
	*r = Reply{}
	if err := json.Unmarshal([]byte(body), r); err != nil {
		return fmt.Errorf("decode reply: %w", err)
	}
	return nil
}

// replyParser reads the JSON appendReply writes; ok is false at anything
// else, and the caller hands the body to encoding/json. Strings without
// escapes share the body's memory.
type replyParser struct {
	s  string
	i  int
	ok bool
}

func fastReply(s string) (Reply, bool) {
	p := replyParser{s: s, ok: true}
	var r Reply
	p.object(func(key string) {
		switch key {
		case "text":
			r.Text = p.str()
		case "choices":
			r.Choices = p.choices()
		case "ask":
			r.Ask = p.str()
		case "step":
			r.Step = p.str()
		case "file":
			r.File = p.str()
		case "file_type":
			r.FileType = p.str()
		case "protect":
			r.Protect = p.boolean()
		default:
			p.ok = false
		}
	})
	p.space()
	return r, p.ok && p.i == len(p.s)
}

func (p *replyParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

// expect consumes c after spaces.
func (p *replyParser) expect(c byte) bool {
	p.space()
	if !p.ok || p.i >= len(p.s) || p.s[p.i] != c {
		p.ok = false
		return false
	}
	p.i++
	return true
}

// peek reports whether the next byte after spaces is c, consuming it.
func (p *replyParser) peek(c byte) bool {
	p.space()
	if p.ok && p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// object reads {"key": value, ...}, calling field for each key with the
// parser at its value.
func (p *replyParser) object(field func(key string)) {
	if !p.expect('{') || p.peek('}') {
		return
	}
	var seen [8]string // (the keys so far: a key twice is encoding/json's to read)
	for n := 0; p.ok; n++ {
		key := p.str()
		if n == len(seen) || slices.Contains(seen[:n], key) {
			p.ok = false
			return
		}
		seen[n] = key
		if !p.expect(':') {
			return
		}
		field(key)
		if p.peek(',') {
			continue
		}
		p.expect('}')
		return
	}
}

func (p *replyParser) choices() []Choice {
	if !p.expect('[') || p.peek(']') {
		return nil
	}
	n := 1
	for j := p.i; j < len(p.s) && p.s[j] != ']'; j++ {
		if p.s[j] == '}' {
			n++
		}
	}
	out := make([]Choice, 0, n)
	for p.ok {
		var c Choice
		p.object(func(key string) {
			switch key {
			case "value":
				c.Value = p.str()
			case "label":
				c.Label = p.str()
			case "style":
				c.Style = p.str()
			default:
				p.ok = false
			}
		})
		out = append(out, c)
		if p.peek(',') {
			continue
		}
		p.expect(']')
		break
	}
	return out
}

func (p *replyParser) boolean() bool {
	p.space()
	switch {
	case len(p.s)-p.i >= 4 && p.s[p.i:p.i+4] == "true":
		p.i += 4
		return true
	case len(p.s)-p.i >= 5 && p.s[p.i:p.i+5] == "false":
		p.i += 5
		return false
	}
	p.ok = false
	return false
}

// str reads a JSON string: valid UTF-8 and no control characters, as
// encoding/json requires.
func (p *replyParser) str() string {
	if !p.expect('"') {
		return ""
	}
	start := p.i
	for p.i < len(p.s) {
		b := p.s[p.i]
		switch {
		case b == '"':
			v := p.s[start:p.i]
			p.i++
			return v
		case b == '\\':
			return p.escaped(start)
		case b < 0x20:
			p.ok = false
			return ""
		case b < utf8.RuneSelf:
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				p.ok = false // encoding/json would read U+FFFD
				return ""
			}
			p.i += size
		}
	}
	p.ok = false
	return ""
}

// escaped reads the rest of a string that has escapes, from start (just
// after its opening quote); it allocates.
func (p *replyParser) escaped(start int) string {
	buf := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		b := p.s[p.i]
		switch {
		case b == '"':
			p.i++
			return string(buf)
		case b < 0x20:
			p.ok = false
			return ""
		case b != '\\':
			if b >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(p.s[p.i:])
				if r == utf8.RuneError && size == 1 {
					p.ok = false
					return ""
				}
				buf = append(buf, p.s[p.i:p.i+size]...)
				p.i += size
				continue
			}
			buf = append(buf, b)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			p.ok = false
			return ""
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return ""
			}
			if utf16IsSurrogate(r) {
				// A pair, or U+FFFD as encoding/json reads a lone half:
				// left to it.
				p.ok = false
				return ""
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.ok = false
			return ""
		}
	}
	p.ok = false
	return ""
}

func (p *replyParser) hex4() (rune, bool) {
	if len(p.s)-p.i < 4 {
		p.ok = false
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		p.ok = false
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

func utf16IsSurrogate(r rune) bool { return r >= 0xD800 && r < 0xE000 }
