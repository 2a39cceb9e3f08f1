package bottest

import (
	"context"
	"testing"
	"time"

	"sobat-ikm/bot"
)

// FlushUntil flushes s the way Run would as time passes: a flush, then
// the clock moves by step, until want rows were sent or a thousand passes
// went by. It returns how many rows were sent.
func FlushUntil(t testing.TB, s *bot.Sender, clock *Clock, want int, step time.Duration) int {
	t.Helper()
	sent := 0
	for i := 0; sent < want && i < 1000; i++ {
		n, err := s.Flush(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		sent += n
		clock.Advance(step)
	}
	return sent
}
