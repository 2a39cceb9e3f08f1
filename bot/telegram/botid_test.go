package telegram

import (
	"strings"
	"testing"
)

func TestBotID(t *testing.T) {
	for _, tc := range []struct{ token, want string }{
		{"123456:ABC-def_ghi", "123456"},
		{"987654:CMD-test-token-secret", "987654"},
		{"7712345678:AAH-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "7712345678"},
		{"", ""},
		{"123456", ""},
		{"123456:", ""},
		{":secret", ""},
		{"12a456:secret", ""},
		{"bot123456:secret", ""},
		{" 123456:secret", ""},
	} {
		got, err := BotID(tc.token)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("BotID(%q) = %q, %v; want %q", tc.token, got, err, tc.want)
		}
		if err != nil && tc.token != "" && strings.Contains(err.Error(), tc.token) {
			t.Errorf("error %q shows the token", err)
		}
	}
}
