package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"go.mau.fi/whatsmeow"
	waStore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"

	"sobat-ikm/store"
)

// The device store is whatsmeow's own SQLite file (whatsapp.db beside the
// bot's database): the linked device's keys, its signal sessions and the
// LID map. It is opened through sqlstore on modernc's driver, whose
// driver name "sqlite" is also a dialect sqlstore accepts, with the same
// DSN as the bot's database (WAL, busy timeout, foreign keys on: sqlstore
// refuses to upgrade without them).

// OpenStore opens the device store at path, creating it if needed, and
// brings its schema up to date (a no-op when it is).
func OpenStore(ctx context.Context, path string, log *slog.Logger) (*sqlstore.Container, error) {
	c, err := sqlstore.New(ctx, "sqlite", store.WriterDSN(path), NewWALogger(log, "Database"))
	if err != nil {
		return nil, fmt.Errorf("whatsapp: open device store %s: %w", path, err)
	}
	return c, nil
}

// Status is what the device store says about the linked number.
type Status struct {
	Linked bool
	// Phone is the linked number ("+62..."), Device its device number.
	Phone    string
	Device   uint16
	PushName string
	// InUse: a running sobat-ikm holds the session's lock; Holder is what
	// its lock file says about it.
	InUse  bool
	Holder store.Holder
}

// ReadStatus reads the device store at path. A missing file means not
// linked; it is not created.
func ReadStatus(ctx context.Context, path string, log *slog.Logger) (Status, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return Status{}, nil
	} else if err != nil {
		return Status{}, fmt.Errorf("whatsapp: %w", err)
	}
	c, err := OpenStore(ctx, path, log)
	if err != nil {
		return Status{}, err
	}
	defer c.Close()
	dev, err := firstLinked(ctx, c)
	if err != nil {
		return Status{}, err
	}
	st := statusOf(dev)
	var locked *store.LockedError
	if l, err := AcquireLock(path, "reading the WhatsApp status"); errors.As(err, &locked) {
		st.InUse, st.Holder = true, locked.Holder
	} else if err == nil {
		l.Release()
	}
	return st, nil
}

func statusOf(dev *waStore.Device) Status {
	if dev == nil || dev.ID == nil {
		return Status{}
	}
	return Status{Linked: true, Phone: phoneOf(dev.ID.ToNonAD()), Device: dev.ID.Device, PushName: dev.PushName}
}

// firstLinked is the store's linked device, or nil.
func firstLinked(ctx context.Context, c *sqlstore.Container) (*waStore.Device, error) {
	devs, err := c.GetAllDevices(ctx)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: read device store: %w", err)
	}
	for _, d := range devs {
		if d.ID != nil {
			return d, nil
		}
	}
	return nil, nil
}

// Open starts the WhatsApp channel on the device store at path when a
// number is linked there; ok is false when none is (or the file does not
// exist: it is not created). It takes the session's lock, so a second
// process fails here, calls Config.Claim once it found a linked device,
// and connects, waiting up to Config.ConnectWait so that replies queued
// while the bot was down can go out at once.
func Open(ctx context.Context, path string, db *store.DB, cfg Config) (a *Adapter, ok bool, err error) {
	cfg = cfg.withDefaults()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("whatsapp: %w", err)
	}
	lock, err := AcquireLock(path, "serving WhatsApp")
	if err != nil {
		return nil, false, err
	}
	container, err := OpenStore(ctx, path, cfg.Log)
	if err != nil {
		lock.Release()
		return nil, false, err
	}
	dev, err := firstLinked(ctx, container)
	if err == nil && dev != nil && cfg.Claim != nil {
		err = cfg.Claim()
	}
	if err != nil || dev == nil {
		container.Close()
		lock.Release()
		return nil, false, err
	}
	cli := whatsmeow.NewClient(dev, NewWALogger(cfg.Log, "Client"))
	// A message the channel could not take is left unacknowledged; the
	// buffer lets whatsmeow decrypt it again when WhatsApp redelivers it.
	cli.EnableDecryptedEventBuffer = true
	cli.InitialAutoReconnect = true
	// Owners' files are downloaded with a client that reads no more
	// than the largest file kept.
	cli.SetMediaHTTPClient(mediaHTTPClient(0))
	a = New(cli, db, dev.LIDs, cfg)
	// A message asked for again after a restart (whatsmeow keeps those
	// it sent in memory only) is rebuilt from the outbox (retry.go).
	cli.GetMessageForRetry = a.MessageForRetry
	a.closers = append(a.closers, container.Close, lock.Release)
	a.connect(ctx)
	t := time.NewTimer(cfg.ConnectWait)
	defer t.Stop()
	select {
	case <-a.connected:
	case <-a.stopCh:
	case <-ctx.Done():
	case <-t.C:
		a.log.Warn("WhatsApp not connected yet; replies wait until it is")
	}
	return a, true, nil
}
