package bottest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Readable returns, for each value found in one of the database's files
// (main, -wal, -shm), "value in file": what `strings` would show of it.
// Letters are compared regardless of case.
func Readable(t testing.TB, path string, values []string) []string {
	t.Helper()
	var found []string
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		raw, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.ToLower(raw)
		for _, v := range values {
			if bytes.Contains(raw, bytes.ToLower([]byte(v))) {
				found = append(found, fmt.Sprintf("%q in %s", v, filepath.Base(name)))
			}
		}
	}
	return found
}
