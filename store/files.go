package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Owners' photos and documents (sent to an officer with a ticket) are
// kept in a folder beside the database, "<db>.files", each under a
// generated name; the ticket's message names it. Erasing the owner owes
// the deletion of their files, done by the scrub after the erasure
// commits.

// MaxFileSize is the largest file an owner may send (10 MB: a phone's
// photo, a scanned document).
const MaxFileSize = 10 << 20

// FileTypes are the kinds of file kept, read from the content: photos and
// PDF documents.
func FileTypes() []string {
	return []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}
}

var (
	// ErrFileTooLarge: the file is larger than the limit.
	ErrFileTooLarge = errors.New("store: the file is too large")
	// ErrFileType: the file's content is not of a kind kept.
	ErrFileType = errors.New("store: the file is not a photo or a PDF document")
)

// StoredFile is a file kept in the files folder.
type StoredFile struct {
	Name string // generated: 32 hex digits and an extension
	Type string // the MIME type read from its content
	Size int64
}

// FilesDir is the folder owners' files are kept in.
func (db *DB) FilesDir() string { return db.path + ".files" }

// SaveFile keeps what r holds, up to max bytes, when its content is of a
// kind FileTypes lists; nothing is kept otherwise (ErrFileTooLarge,
// ErrFileType). The file is written under a new name, readable by its
// owner only, and synced before it is returned.
func (db *DB) SaveFile(r io.Reader, max int64) (StoredFile, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	head = head[:n]
	typ, _, _ := strings.Cut(http.DetectContentType(head), ";")
	if !slices.Contains(FileTypes(), typ) {
		return StoredFile{}, ErrFileType
	}
	if err := os.MkdirAll(db.FilesDir(), 0o700); err != nil {
		return StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	var id [16]byte
	rand.Read(id[:])
	name := hex.EncodeToString(id[:]) + extension(typ)
	path := filepath.Join(db.FilesDir(), name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	size, err := io.Copy(f, io.LimitReader(io.MultiReader(strings.NewReader(string(head)), r), max+1))
	if err == nil && size > max {
		err = ErrFileTooLarge
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		if errors.Is(err, ErrFileTooLarge) {
			return StoredFile{}, err
		}
		return StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	return StoredFile{Name: name, Type: typ, Size: size}, nil
}

// extension is a file name's extension for a type.
func extension(typ string) string {
	switch typ {
	case "image/jpeg":
		return ".jpg"
	case "application/pdf":
		return ".pdf"
	}
	return "." + strings.TrimPrefix(typ, "image/")
}

// OpenFile opens a kept file by its name.
func (db *DB) OpenFile(name string) (*os.File, error) {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") {
		return nil, fmt.Errorf("open file %q: %w", name, ErrNotFound)
	}
	f, err := os.Open(filepath.Join(db.FilesDir(), name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open file %q: %w", name, ErrNotFound)
	}
	return f, err
}

// oweFileDeletion records, in the erasing transaction, that the files
// of the owner's tickets must be deleted once it commits.
func (tx *Tx) oweFileDeletion(ownerID int64) error {
	if _, err := tx.exec(`INSERT INTO files_owed (name) SELECT m.file FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
		WHERE t.owner_id = ? AND m.file <> '' ON CONFLICT DO NOTHING`, ownerID); err != nil {
		return fmt.Errorf("owe file deletion: %w", err)
	}
	return nil
}

// deleteOwedFiles deletes the files owed and forgets them. The caller
// holds wmu.
func (db *DB) deleteOwedFiles(ctx context.Context) error {
	rows, err := db.wconn.QueryContext(ctx, `SELECT name FROM files_owed`)
	if err != nil {
		return fmt.Errorf("store: delete files: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("store: delete files: %w", err)
		}
		names = append(names, n)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: delete files: %w", err)
	}
	for _, n := range names {
		if n != filepath.Base(n) {
			continue
		}
		if err := os.Remove(filepath.Join(db.FilesDir(), n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("store: delete files: %w", err)
		}
	}
	if _, err := db.wconn.ExecContext(ctx, `DELETE FROM files_owed`); err != nil {
		return fmt.Errorf("store: delete files: %w", err)
	}
	return nil
}

// SweepFiles deletes the kept files no ticket message names that were
// written before before: a file downloaded for a message that was then
// dropped (a duplicate delivery) or never saved. It returns how many it
// deleted.
func (db *DB) SweepFiles(ctx context.Context, before time.Time) (int, error) {
	entries, err := os.ReadDir(db.FilesDir())
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sweep files: %w", err)
	}
	n := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !e.Type().IsRegular() || !info.ModTime().Before(before) {
			continue
		}
		var named bool
		err = db.View(ctx, func(tx *ReadTx) error {
			row, err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM ticket_messages WHERE file = ?)`, e.Name())
			if err != nil {
				return err
			}
			return row.Scan(&named)
		})
		if err != nil {
			return n, fmt.Errorf("sweep files: %w", err)
		}
		if !named {
			if err := os.Remove(filepath.Join(db.FilesDir(), e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return n, fmt.Errorf("sweep files: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// LimitFile reads r up to max bytes and fails with ErrFileTooLarge if
// more follow, so that a server sending more than it announced is never
// read past the limit (the channels' downloads of owners' files).
func LimitFile(r io.Reader, max int64) io.Reader { return &limitedFile{r: r, left: max} }

type limitedFile struct {
	r    io.Reader
	left int64
}

func (b *limitedFile) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			return 0, ErrFileTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}
