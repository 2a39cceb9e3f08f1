package store

import (
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The kinds of web token.
const (
	WebLink    = "link"
	WebSession = "session"
)

// WebToken is a login link or a session of the officers' web console, as
// kept: its secret is never stored, only its hash.
type WebToken struct {
	Kind      string
	Officer   string
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

func tokenHash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateWebToken keeps a token under its secret's hash.
func (tx *Tx) CreateWebToken(secret string, t WebToken) error {
	if _, err := tx.exec(`INSERT INTO web_tokens (hash, kind, officer, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		tokenHash(secret), t.Kind, t.Officer, t.CSRF, ms(t.CreatedAt), ms(t.ExpiresAt)); err != nil {
		return fmt.Errorf("create web token: %w", err)
	}
	return nil
}

// UseWebLink uses a login link: it returns the link, marked used so that
// it never works again, or ErrNotFound when there is no such link, or it
// was used, or it has expired.
func (tx *Tx) UseWebLink(secret string, now time.Time) (WebToken, error) {
	row, err := tx.queryRow(`UPDATE web_tokens SET used_at = ?2
		WHERE hash = ?1 AND kind = 'link' AND used_at IS NULL AND expires_at > ?2
		RETURNING kind, officer, csrf, created_at, expires_at`, tokenHash(secret), ms(now))
	if err != nil {
		return WebToken{}, fmt.Errorf("use web link: %w", err)
	}
	return scanWebToken(row)
}

// FindWebSession returns the session of a secret, or ErrNotFound when
// there is none, it ended, or it expired.
func (q *queries) FindWebSession(secret string, now time.Time) (WebToken, error) {
	row, err := q.queryRow(`SELECT kind, officer, csrf, created_at, expires_at FROM web_tokens
		WHERE hash = ? AND kind = 'session' AND used_at IS NULL AND expires_at > ?`, tokenHash(secret), ms(now))
	if err != nil {
		return WebToken{}, fmt.Errorf("find web session: %w", err)
	}
	return scanWebToken(row)
}

// EndWebSession ends a session (logout, or its officer is no longer
// configured).
func (tx *Tx) EndWebSession(secret string, now time.Time) error {
	if _, err := tx.exec(`UPDATE web_tokens SET used_at = ? WHERE hash = ? AND kind = 'session' AND used_at IS NULL`,
		ms(now), tokenHash(secret)); err != nil {
		return fmt.Errorf("end web session: %w", err)
	}
	return nil
}

// PruneWebTokens forgets the tokens expired before t.
func (tx *Tx) PruneWebTokens(t time.Time) (int64, error) {
	res, err := tx.exec(`DELETE FROM web_tokens WHERE expires_at < ?`, ms(t))
	if err != nil {
		return 0, fmt.Errorf("prune web tokens: %w", err)
	}
	return res.RowsAffected()
}

func scanWebToken(row *sql.Row) (WebToken, error) {
	var t WebToken
	var created, expires int64
	err := row.Scan(&t.Kind, &t.Officer, &t.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return WebToken{}, ErrNotFound
	}
	if err != nil {
		return WebToken{}, err
	}
	t.CreatedAt, t.ExpiresAt = fromMS(created), fromMS(expires)
	return t, nil
}
