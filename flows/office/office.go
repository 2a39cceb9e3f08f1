package office

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// Office does what the industry office does. Every method runs in the
// caller's transaction and queues its notices there.
type Office struct {
	cat     *locales.Catalog
	now     func() time.Time
	profile Profile
	// quotas: a year's numbers, unless quotaYears has the year.
	quotas     Quotas
	quotaYears map[int]Quotas
	// staff: the configured officers, told of new tickets; hours: when
	// the office answers.
	staff []Officer
	hours Hours
	// whatsAppWindow: WhatsAppWindow, or another (0: no limit).
	whatsAppWindow time.Duration
}

// An Option changes how New builds the Office.
type Option func(*Office)

// WithStaff sets the configured officers: each is told of a new ticket.
func WithStaff(officers []Officer) Option { return func(o *Office) { o.staff = officers } }

// WithWhatsAppWindow sets how long after an owner last wrote on WhatsApp
// the office writes to them there unasked (default WhatsAppWindow; 0: no
// limit).
func WithWhatsAppWindow(d time.Duration) Option { return func(o *Office) { o.whatsAppWindow = d } }

// WithHours sets when the office answers (default DefaultHours).
func WithHours(h Hours) Option { return func(o *Office) { o.hours = h } }

// WithProfile sets the office's profile (default DefaultProfile).
func WithProfile(p Profile) Option { return func(o *Office) { o.profile = p } }

// New builds the office over the message catalog, with the clock now.
func New(cat *locales.Catalog, now func() time.Time, opts ...Option) *Office {
	o := &Office{cat: cat, now: now, profile: DefaultProfile(), quotas: DefaultQuotas(), hours: DefaultHours(), whatsAppWindow: WhatsAppWindow}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// Profile is the office's profile.
func (o *Office) Profile() Profile { return o.profile }

// Hours are when the office answers.
func (o *Office) Hours() Hours { return o.hours }

// Actor is who acted: an officer in chat, or a name given to the command
// line or the web console.
type Actor struct {
	Name string
	Chat store.ChatKey // zero for the command line and the web console
}

// MaxNote is the longest note an action takes, in characters.
const MaxNote = 500

var (
	// ErrNoActor is returned for an action that names no one who acted.
	ErrNoActor = errors.New("office: who acted is not named")
	// ErrNoteTooLong is returned for a note longer than MaxNote.
	ErrNoteTooLong = errors.New("office: note too long")
)

// audit writes the line of the audit log for an action on a subject, and
// returns it (with its id). The note is trimmed.
func (o *Office) audit(tx *store.Tx, by Actor, at time.Time, action, kind string, id int64, note string) (store.AuditEntry, error) {
	e := store.AuditEntry{At: at, Actor: strings.TrimSpace(by.Name), ActorChannel: by.Chat.Channel,
		Action: action, SubjectKind: kind, SubjectID: id, Note: strings.TrimSpace(note)}
	if err := tx.CreateAuditEntry(&e); err != nil {
		return store.AuditEntry{}, fmt.Errorf("office: %w", err)
	}
	return e, nil
}

// checkAction refuses an action before anything is written: no one named
// as its actor, or a note too long.
func checkAction(by Actor, note string) error {
	if strings.TrimSpace(by.Name) == "" {
		return ErrNoActor
	}
	if utf8.RuneCountInString(strings.TrimSpace(note)) > MaxNote {
		return fmt.Errorf("%w (%d characters at most)", ErrNoteTooLong, MaxNote)
	}
	return nil
}
