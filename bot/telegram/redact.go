package telegram

import "strings"

// redactedError hides the bot token in an error's text (the library
// already masks it in request URLs; this is the second lock) and keeps
// the error chain for errors.Is and errors.As.
type redactedError struct {
	err   error
	token string
}

func (e *redactedError) Error() string { return redactToken(e.err.Error(), e.token) }
func (e *redactedError) Unwrap() error { return e.err }

func redact(err error, token string) error {
	if err == nil {
		return nil
	}
	return &redactedError{err: err, token: token}
}

// redactToken replaces the token, and its secret half, in s.
func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	s = strings.ReplaceAll(s, token, "***")
	if _, secret, ok := strings.Cut(token, ":"); ok && len(secret) >= 8 {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}
