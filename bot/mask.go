package bot

import "strings"

// maskNumbers hides the middle of every run of 7 or more digits in s
// ("62812****90"): platform errors may quote a recipient's phone number,
// which must not reach logs or the outbox's last_error in clear.
func maskNumbers(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	run := 0
	flush := func(end int) {
		digits := s[end-run : end]
		if run >= 7 {
			digits = digits[:4] + strings.Repeat("*", run-6) + digits[run-2:]
		}
		b.WriteString(digits)
		run = 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run > 0 {
			flush(i)
		}
		b.WriteByte(s[i])
	}
	if run > 0 {
		flush(len(s))
	}
	return b.String()
}
