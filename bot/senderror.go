package bot

import (
	"errors"
	"fmt"
	"time"
)

// SendError says what the sender should do about a failed delivery.
type SendError struct {
	Err error
	// Retry: a transient failure (network, 5xx, rate limit); try again.
	Retry bool
	// After, when set, is how long the platform asked us to wait.
	After time.Duration
	// Unreachable: the chat cannot be reached any more (the owner blocked
	// the bot); stop sending to it.
	Unreachable bool
}

func (e *SendError) Error() string {
	switch {
	case e.Unreachable:
		return fmt.Sprintf("chat unreachable: %v", e.Err)
	case e.Retry:
		return fmt.Sprintf("temporary send failure: %v", e.Err)
	}
	return fmt.Sprintf("permanent send failure: %v", e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Temporary marks err as worth retrying, after the given wait if not zero.
func Temporary(err error, after time.Duration) error {
	return &SendError{Err: err, Retry: true, After: after}
}

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return &SendError{Err: err} }

// Unreachable marks err as meaning the chat can no longer be reached.
func Unreachable(err error) error { return &SendError{Err: err, Unreachable: true} }

// classify reads a send error; errors that say nothing are retried.
func classify(err error) SendError {
	var se *SendError
	if errors.As(err, &se) {
		return *se
	}
	return SendError{Err: err, Retry: true}
}
