package office

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// Login links and sessions of the officers' web console.
const (
	LinkLifetime    = 10 * time.Minute
	SessionLifetime = 12 * time.Hour
)

// NewSecret is a random token: 32 bytes, URL-safe.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SendLoginLink makes a one-time login link for an officer, valid for
// LinkLifetime, and queues it to the officer's own chat, like any notice;
// it returns the link (the command line prints it). baseURL is where the
// console is served ("https://ikm.example.go.id").
func (o *Office) SendLoginLink(tx *store.Tx, officer Officer, baseURL string) (string, error) {
	now := o.now()
	secret := NewSecret()
	if err := tx.CreateWebToken(secret, store.WebToken{Kind: store.WebLink, Officer: officer.Name, CreatedAt: now,
		ExpiresAt: now.Add(LinkLifetime)}); err != nil {
		return "", fmt.Errorf("office: login link: %w", err)
	}
	link := strings.TrimRight(baseURL, "/") + "/login/" + secret
	if officer.Chat.Channel != "" {
		_, err := tx.Enqueue(store.OutboxMessage{Chat: officer.Chat, Kind: store.KindNotice,
			Reply:     store.Reply{Text: o.cat.Text(locales.Default, "web_link_message", map[string]any{"Name": officer.Name, "Link": link, "Minutes": int(LinkLifetime.Minutes())}), Forget: true},
			NotBefore: now, CreatedAt: now, ExpiresAt: now.Add(LinkLifetime)}) // (never sent once useless)
		if err != nil {
			return "", fmt.Errorf("office: login link: %w", err)
		}
	}
	return link, nil
}

// StartWebSession uses a login link and opens a session for its officer,
// valid for SessionLifetime: it returns the session's secret and token.
// A link used already, expired or unknown is store.ErrNotFound.
func (o *Office) StartWebSession(tx *store.Tx, link string) (string, store.WebToken, error) {
	now := o.now()
	l, err := tx.UseWebLink(link, now)
	if err != nil {
		return "", store.WebToken{}, err
	}
	secret := NewSecret()
	s := store.WebToken{Kind: store.WebSession, Officer: l.Officer, CSRF: NewSecret(), CreatedAt: now, ExpiresAt: now.Add(SessionLifetime)}
	if err := tx.CreateWebToken(secret, s); err != nil {
		return "", store.WebToken{}, fmt.Errorf("office: web session: %w", err)
	}
	return secret, s, nil
}
