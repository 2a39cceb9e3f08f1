package flows_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The @cli directive of the transcripts: the real command line, run on
// the transcript's database while the bot has it open.

// cliBinary is the program, built once for the transcripts that use @cli.
type cliBinary struct {
	once sync.Once
	path string
	err  error
}

func (b *cliBinary) build(t *testing.T) string {
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "sobat-ikm-cli-")
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(dir, "sobat-ikm")
		out, err := exec.Command("go", "build", "-o", b.path, "sobat-ikm/cmd/sobat-ikm").CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	t.Cleanup(func() {}) // (the binary stays for the other transcripts; the OS cleans temp)
	return b.path
}

// runCLI runs the command line on the transcript's database, while the
// bot has it open, as an officer would from a terminal.
func (h *harness) runCLI(args []string) {
	bin := h.cli.build(h.t)
	var officers []string
	for _, o := range h.officers {
		officers = append(officers, o.Chat.Channel+":"+o.Chat.Address+"="+o.Name)
	}
	cmd := exec.Command(bin, append([]string{"-db", h.path}, args...)...)
	cmd.Env = append(os.Environ(), "SOBAT_OFFICERS="+strings.Join(officers, ","))
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &h.out, &stderr
	if err := cmd.Run(); err != nil {
		h.t.Fatalf("@cli %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
}

// shellWords splits a command line on spaces, keeping "quoted words"
// together (without their quotes).
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				words = append(words, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		words = append(words, cur.String())
	}
	return words
}
