package understand

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"", "", 2, 0}, {"abc", "abc", 2, 0}, {"", "abc", 5, 3}, {"abc", "", 5, 3},
		{"halal", "halsl", 2, 1}, {"bantuan", "bantaun", 2, 1}, {"puwatu", "puuwatu", 2, 1},
		{"ab", "ba", 2, 1}, {"ca", "abc", 5, 3}, {"kitten", "sitting", 5, 3}, {"kitten", "sitting", 1, 2},
		{"mandonga", "mandoga", 2, 1}, {"mandonga", "xyz", 2, 3}, {"äbc", "abc", 2, 1},
		{strings.Repeat("a", 40), strings.Repeat("a", 39) + "b", 2, 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

func TestIsTypoOf(t *testing.T) {
	tests := []struct {
		word, target string
		ok           bool
	}{
		{"halsl", "halal", true}, {"hal", "halal", false}, {"abc", "abd", false}, {"menu", "mneu", true},
		{"sertifkat", "sertifikat", true}, {"sertfkat", "sertifikat", true}, {"srtfkat", "sertifikat", false},
		{"tkdm", "tkdn", true}, {"dia", "die", false},
	}
	for _, tt := range tests {
		if _, ok := isTypoOf(tt.word, tt.target); ok != tt.ok {
			t.Errorf("isTypoOf(%q, %q) = %v", tt.word, tt.target, ok)
		}
	}
}
