package telegram

import (
	"strconv"
	"strings"
)

// maxCallbackData is Telegram's limit on a button's callback_data, in bytes.
const maxCallbackData = 64

// encodeCallback packs the question a button answers and the button's
// value into its callback data: "step|value". When that does not fit in
// 64 bytes it falls back to the button's number, "step#3" (or "#3" when
// even the step is too long); a press then counts as typing the number.
func encodeCallback(step, value string, index int) string {
	if strings.ContainsAny(step, "|#") {
		step = "" // cannot be told apart from the separator: not sent
	}
	if data := step + "|" + value; len(data) <= maxCallbackData {
		return data
	}
	n := "#" + strconv.Itoa(index)
	if len(step)+len(n) <= maxCallbackData {
		return step + n
	}
	return n
}

// pressed is what a callback's data says: the question and either the
// chosen value or, for the fallback, the button's number.
type pressed struct {
	step  string
	value string
	index int // > 0 when the data held a number instead of a value
}

// decodeCallback reads data made by encodeCallback. Anything else (empty,
// foreign, damaged) reports false and is ignored by the caller.
func decodeCallback(data string) (pressed, bool) {
	if data == "" || len(data) > maxCallbackData {
		return pressed{}, false
	}
	i := strings.IndexAny(data, "|#")
	if i < 0 {
		return pressed{}, false
	}
	p := pressed{step: data[:i]}
	rest := data[i+1:]
	if data[i] == '|' {
		if rest == "" {
			return pressed{}, false
		}
		p.value = rest
		return p, true
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 || n > 100 {
		return pressed{}, false
	}
	p.index = n
	return p, true
}
