//go:build !unix

package whatsapp

import (
	"errors"
	"os"
	"strconv"
)

// lockFile creates path exclusively and removes it on release. Unlike the
// unix flock, a crash leaves the file behind: delete it by hand once no
// sobat-ikm runs.
func lockFile(path string) (func() error, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	return func() error {
		f.Close()
		return os.Remove(path)
	}, nil
}
