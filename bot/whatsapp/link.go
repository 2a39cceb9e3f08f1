package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	waStore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types/events"
)

// Errors of linking and unlinking.
var (
	ErrAlreadyLinked = errors.New("whatsapp: a number is already linked")
	ErrNotLinked     = errors.New("whatsapp: no number is linked")
	ErrLinkTimeout   = errors.New("whatsapp: linking timed out (nothing was scanned or typed in time)")
)

// DeviceName is the name WhatsApp shows under Linked devices.
const DeviceName = "Sobat IKM"

// LinkOptions say how to link a number.
type LinkOptions struct {
	// Phone, when set, asks for a pairing code for this number (digits,
	// international, e.g. 6281234567890) instead of a QR code.
	Phone string
	// ShowQR shows a QR code to scan; it is called again with a new code
	// when the previous one expires.
	ShowQR func(code string, valid time.Duration)
	// ShowCode shows the pairing code to type into WhatsApp.
	ShowCode func(code string)
	Log      *slog.Logger
}

// Link links the office's number as a new device of the store at path,
// holding the session's lock while it runs. It returns once WhatsApp
// confirmed the link, or when ctx ends or the codes run out (about 160 s).
func Link(ctx context.Context, path string, opt LinkOptions) (Status, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	lock, err := AcquireLock(path, "linking a WhatsApp number")
	if err != nil {
		return Status{}, err
	}
	defer lock.Release()
	container, err := OpenStore(ctx, path, opt.Log)
	if err != nil {
		return Status{}, err
	}
	defer container.Close()
	if dev, err := firstLinked(ctx, container); err != nil {
		return Status{}, err
	} else if dev != nil {
		return statusOf(dev), ErrAlreadyLinked
	}
	waStore.SetOSInfo(DeviceName, [3]uint32{1, 0, 0})
	dev := container.NewDevice()
	cli := whatsmeow.NewClient(dev, NewWALogger(opt.Log, "Client"))
	connected := watchConnected(cli)
	qr, err := cli.GetQRChannel(ctx)
	if err != nil {
		return Status{}, fmt.Errorf("whatsapp: link: %w", err)
	}
	if err := cli.Connect(); err != nil {
		return Status{}, fmt.Errorf("whatsapp: link: connect: %w", err)
	}
	defer cli.Disconnect()
	asked := false
	for item := range qr {
		switch {
		case item.Event == whatsmeow.QRChannelEventCode && opt.Phone == "":
			opt.ShowQR(item.Code, item.Timeout)
		case item.Event == whatsmeow.QRChannelEventCode && !asked:
			asked = true
			code, err := cli.PairPhone(ctx, opt.Phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
			if err != nil {
				return Status{}, fmt.Errorf("whatsapp: pairing code: %w", err)
			}
			opt.ShowCode(code)
		case item.Event == whatsmeow.QRChannelEventCode:
			// New QR codes keep coming while the pairing code is typed.
		case item == whatsmeow.QRChannelSuccess:
			// WhatsApp reconnects the new device; wait for it so that the
			// first keys are uploaded before we disconnect.
			select {
			case <-connected:
			case <-ctx.Done():
			case <-time.After(30 * time.Second):
			}
			return statusOf(cli.Store), nil
		case item == whatsmeow.QRChannelScannedWithoutMultidevice:
			opt.Log.Warn("the phone scanned the code without multi-device support: update WhatsApp on the phone and scan again")
		case item == whatsmeow.QRChannelTimeout:
			return Status{}, ErrLinkTimeout
		case item.Event == whatsmeow.QRChannelEventError:
			return Status{}, fmt.Errorf("whatsapp: link: %w", item.Error)
		default:
			return Status{}, fmt.Errorf("whatsapp: link: %s", item.Event)
		}
	}
	if ctx.Err() != nil {
		return Status{}, ctx.Err()
	}
	return Status{}, ErrLinkTimeout
}

// Unlink logs the linked device out of WhatsApp and deletes its keys. With
// force, the keys are deleted even when WhatsApp cannot be reached (the
// device then stays listed on the phone until removed there).
func Unlink(ctx context.Context, path string, force bool, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	st, err := ReadStatus(ctx, path, log)
	if err != nil {
		return err
	}
	if !st.Linked {
		return ErrNotLinked
	}
	lock, err := AcquireLock(path, "unlinking WhatsApp")
	if err != nil {
		return err
	}
	defer lock.Release()
	container, err := OpenStore(ctx, path, log)
	if err != nil {
		return err
	}
	defer container.Close()
	dev, err := firstLinked(ctx, container)
	if err != nil {
		return err
	}
	if dev == nil {
		return ErrNotLinked
	}
	cli := whatsmeow.NewClient(dev, NewWALogger(log, "Client"))
	connected := watchConnected(cli)
	err = cli.Connect()
	if err == nil {
		select {
		case <-connected:
			err = cli.Logout(ctx)
		case <-ctx.Done():
			err = ctx.Err()
		case <-time.After(30 * time.Second):
			err = errors.New("not connected after 30 s")
		}
	}
	if err == nil {
		return nil
	}
	cli.Disconnect()
	if !force {
		return fmt.Errorf("whatsapp: unlink: %w", err)
	}
	log.Warn("WhatsApp could not be told; deleting the local keys anyway", "err", err)
	if derr := dev.Delete(context.WithoutCancel(ctx)); derr != nil {
		return fmt.Errorf("whatsapp: unlink: delete local keys: %w", derr)
	}
	return nil
}

// watchConnected returns a channel closed at the client's first Connected
// event.
func watchConnected(cli *whatsmeow.Client) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	cli.AddEventHandler(func(evt any) {
		if _, ok := evt.(*events.Connected); ok {
			once.Do(func() { close(ch) })
		}
	})
	return ch
}

// PairingPhone reads the number given to `link -phone`: digits in
// international form, with a leading + or a national 0 (Indonesia)
// accepted.
func PairingPhone(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return "", fmt.Errorf("phone number %q: only digits are allowed", s)
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "0") {
		d = "62" + d[1:] // 0812... is +62 812...
	}
	if len(d) < 8 || len(d) > 15 {
		return "", fmt.Errorf("phone number %q: want the international number, e.g. 6281234567890", s)
	}
	return d, nil
}
