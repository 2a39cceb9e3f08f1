package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// restartOwners is how many owners BenchmarkRestart's database holds: a
// hundred times the city's.
const restartOwners = 100_000

// BenchmarkRestart starts the real binary on a database of 100,000
// owners (store.GenerateOwners), as after a restart, and has owner after
// owner ask for their data on the console. It reports how long the first
// reply after the start took (the message written once the bot said it
// started, to its reply printed: cold caches, the janitor not yet run),
// the median and the slowest of the next replies, and the process's peak
// resident memory (VmHWM). One op is one start.
func BenchmarkRestart(b *testing.B) {
	bin := buildBinary(b)
	dir := b.TempDir()
	path := filepath.Join(dir, "big.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.GenerateOwners(ctx, restartOwners, "console", time.Now().Add(-time.Hour)); err != nil {
		b.Fatal(err)
	}
	// A new file owes one scrub (rewriting it whole), done by the
	// janitor's first sweep: a database that has run for a day has had
	// it.
	if err := db.Scrub(ctx); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	var first, rest []time.Duration
	var peakKB int
	for it := 0; b.Loop(); it++ {
		// A different owner each start, so that nothing of theirs was
		// read before.
		owner := 1 + it*7919%restartOwners
		p := startProc(b, bin, dir, nil, "-db", path, "-chat", store.LoadAddress(owner))
		p.waitFor(b, "sobat-ikm started")
		for k := range 20 {
			took := askConsole(b, p, "data saya", fmt.Sprintf("Pemilik %d", owner))
			if k == 0 {
				first = append(first, took)
			} else {
				rest = append(rest, took)
			}
		}
		peakKB = max(peakKB, procPeakKB(b, p.cmd.Process.Pid))
		p.stdin.Close()
		if code := p.wait(b); code != 0 {
			b.Fatalf("exit code %d; stderr:\n%s", code, p.stderr.String())
		}
	}
	slices.Sort(first)
	slices.Sort(rest)
	b.ReportMetric(ms(first[len(first)/2]), "first-reply-ms")
	b.ReportMetric(ms(first[len(first)-1]), "first-reply-max-ms")
	b.ReportMetric(ms(rest[len(rest)/2]), "reply-p50-ms")
	b.ReportMetric(ms(rest[len(rest)-1]), "reply-max-ms")
	b.ReportMetric(float64(peakKB)/1024, "peak-rss-MB")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// askConsole writes a line to the console and waits for a reply holding
// want; it returns how long the reply took.
func askConsole(tb testing.TB, p *proc, line, want string) time.Duration {
	tb.Helper()
	before := len(p.stdout.String())
	start := time.Now()
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		tb.Fatal(err)
	}
	deadline := start.Add(10 * time.Second)
	for {
		out := p.stdout.String()[before:]
		if strings.Contains(out, want) && strings.HasSuffix(out, "\n\n") {
			return time.Since(start)
		}
		if time.Now().After(deadline) {
			tb.Fatalf("no reply holding %q within 10 s; got %q", want, out)
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// procPeakKB reads a process's peak resident memory (VmHWM), in KiB.
func procPeakKB(tb testing.TB, pid int) int {
	tb.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatal("no VmHWM in /proc status")
	return 0
}
