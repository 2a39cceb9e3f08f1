package telegram

import (
	"strings"
	"testing"
)

func TestCallbackData(t *testing.T) {
	long := strings.Repeat("v", 60)
	tests := []struct {
		step, value string
		index       int
		data        string
		want        pressed
	}{
		{"menu", "register", 1, "menu|register", pressed{step: "menu", value: "register"}},
		{"register/kecamatan", "Kendari Barat", 6, "register/kecamatan|Kendari Barat", pressed{step: "register/kecamatan", value: "Kendari Barat"}},
		{"register/x", "a|b#c", 2, "register/x|a|b#c", pressed{step: "register/x", value: "a|b#c"}},
		{"register/sector", long, 3, "register/sector#3", pressed{step: "register/sector", index: 3}},
		{strings.Repeat("s", 70), long, 12, "#12", pressed{index: 12}},
		{"odd|step", "yes", 1, "|yes", pressed{value: "yes"}},
		{"", "yes", 1, "|yes", pressed{value: "yes"}},
	}
	for _, tc := range tests {
		data := encodeCallback(tc.step, tc.value, tc.index)
		if data != tc.data {
			t.Errorf("encode(%q, %q) = %q, want %q", tc.step, tc.value, data, tc.data)
		}
		if len(data) > maxCallbackData {
			t.Errorf("%q is %d bytes, over Telegram's 64", data, len(data))
		}
		got, ok := decodeCallback(data)
		if !ok || got != tc.want {
			t.Errorf("decode(%q) = %+v, %v; want %+v", data, got, ok, tc.want)
		}
	}
}

func TestCallbackDataRejectsForeign(t *testing.T) {
	for _, data := range []string{"", "lang:en", "menu|", "menu#", "menu#0", "menu#x", "menu#-1", "menu#99999999999999999999", strings.Repeat("a", 65) + "|b"} {
		if p, ok := decodeCallback(data); ok {
			t.Errorf("decode(%q) = %+v, want rejected", data, p)
		}
	}
}

func FuzzDecodeCallback(f *testing.F) {
	for _, s := range []string{"menu|register", "register/sector#3", "#1", "|", "lang:en"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		p, ok := decodeCallback(data)
		if ok && p.value == "" && p.index <= 0 {
			t.Errorf("decode(%q) accepted %+v with neither value nor index", data, p)
		}
	})
}
