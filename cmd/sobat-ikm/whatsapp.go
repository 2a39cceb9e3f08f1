package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/mdp/qrterminal/v3"

	"sobat-ikm/bot/whatsapp"
	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// whatsAppChannel builds the WhatsApp channel when a linked session
// exists in opts.whatsappDB; ok is false otherwise. It fails when another
// process holds the session, or serves WhatsApp from the same database
// (through another device store): one database, one WhatsApp session at
// a time, or replies would go out twice or from the wrong number. The
// database's lock is taken only once a linked device is found, so
// processes that serve no WhatsApp never contend for it. A pause of
// WhatsApp's proactive messages (its reach-out lock, a temporary ban) is
// recorded through off, which tells the officers once per pause.
func whatsAppChannel(ctx context.Context, opts options, db *store.DB, off *office.Office, locks *channelLocks, log *slog.Logger) (channel, bool, error) {
	claim := func() error {
		err := locks.take(whatsapp.Channel, "serving WhatsApp from "+opts.whatsappDB)
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("WhatsApp is already served from %s by another process, and two would send every reply twice: %w; stop that process first", opts.db, err)
		}
		return err
	}
	a, ok, err := whatsapp.Open(ctx, opts.whatsappDB, db, whatsapp.Config{Log: log, Claim: claim,
		SaveFile: func(ctx context.Context, r io.Reader) (store.StoredFile, error) {
			return db.SaveFile(r, store.MaxFileSize)
		},
		OpenFile: func(name string) (io.ReadCloser, error) { return db.OpenFile(name) },
		Paused: func(ctx context.Context, p store.Pause) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				_, err := off.PauseChannel(tx, p)
				return err
			})
		}})
	if err != nil {
		return nil, false, err
	}
	if !ok {
		if _, serr := os.Stat(opts.whatsappDB); serr == nil {
			log.Info("WhatsApp: no number linked; run `sobat-ikm whatsapp link` to serve WhatsApp", "whatsapp_db", opts.whatsappDB)
		}
		return nil, false, nil
	}
	return a, true, nil
}

const whatsAppUsage = `usage: sobat-ikm [-db FILE] [-whatsapp-db FILE] whatsapp COMMAND

commands:
  link [-phone 62812...]  link the office's WhatsApp number: scan the QR code,
                          or with -phone type the pairing code into WhatsApp
  status                  say whether a number is linked, and whether WhatsApp's
                          proactive messages are paused (reach-out lock, ban)
  unlink [-force]         log the linked device out and delete its keys
                          (-force: delete them even if WhatsApp cannot be reached)
`

// runWhatsAppCommand runs "sobat-ikm whatsapp link|status|unlink".
func runWhatsAppCommand(ctx context.Context, opts options, args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, whatsAppUsage)
		return 2
	}
	fs := flag.NewFlagSet("sobat-ikm whatsapp "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, whatsAppUsage) }
	var phone *string
	var force *bool
	switch args[0] {
	case "link":
		phone = fs.String("phone", "", "link with a pairing code for this number (international, e.g. 6281234567890) instead of a QR code")
	case "unlink":
		force = fs.Bool("force", false, "delete the local keys even if WhatsApp cannot be reached")
	case "status":
	default:
		fmt.Fprintf(stderr, "sobat-ikm whatsapp: unknown command %q\n%s", args[0], whatsAppUsage)
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sobat-ikm whatsapp %s: unexpected argument %q\n%s", args[0], fs.Arg(0), whatsAppUsage)
		return 2
	}
	switch args[0] {
	case "link":
		return whatsAppLink(ctx, opts, *phone, stdout, stderr, log)
	case "unlink":
		return whatsAppUnlink(ctx, opts, *force, stdout, stderr, log)
	}
	return whatsAppStatus(ctx, opts, time.Now, stdout, stderr, log)
}

func whatsAppStatus(ctx context.Context, opts options, now func() time.Time, stdout, stderr io.Writer, log *slog.Logger) int {
	st, err := whatsapp.ReadStatus(ctx, opts.whatsappDB, log)
	if err != nil {
		fmt.Fprintln(stderr, "sobat-ikm whatsapp status:", err)
		return 1
	}
	if !st.Linked {
		fmt.Fprintf(stdout, "WhatsApp: not linked (%s). Run `sobat-ikm whatsapp link`.\n", opts.whatsappDB)
	} else {
		fmt.Fprintf(stdout, "WhatsApp: linked to %s, device %d (%s)", st.Phone, st.Device, opts.whatsappDB)
		if st.InUse {
			fmt.Fprint(stdout, "; in use by a running sobat-ikm")
			if st.Holder.PID > 0 {
				fmt.Fprintf(stdout, " (process %d: %s)", st.Holder.PID, st.Holder.Task)
			}
		}
		fmt.Fprintln(stdout, ".")
	}
	p, paused, err := whatsAppPause(ctx, opts.db, now())
	if err != nil {
		fmt.Fprintln(stderr, "sobat-ikm whatsapp status: whether WhatsApp is paused:", err)
		return 1
	}
	if paused {
		fmt.Fprintln(stdout, pauseLine(p))
	}
	return 0
}

// whatsAppPause reads WhatsApp's pause in effect at now from the
// database at path; none when the database does not exist (it is not
// created).
func whatsAppPause(ctx context.Context, path string, now time.Time) (store.Pause, bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return store.Pause{}, false, nil
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return store.Pause{}, false, err
	}
	defer db.Close()
	var p store.Pause
	var ok bool
	err = db.View(ctx, func(tx *store.ReadTx) (err error) {
		p, ok, err = tx.PauseOf(whatsapp.Channel, now)
		return err
	})
	return p, ok, err
}

// pauseLine says what a pause holds, why and until when (WITA).
func pauseLine(p store.Pause) string {
	why := p.Reason
	switch {
	case p.Reason == store.PauseReachout:
		why = "WhatsApp's reach-out lock, error 463"
	case strings.HasPrefix(p.Reason, store.PauseTempBanPrefix):
		why = "a temporary ban, code " + strings.TrimPrefix(p.Reason, store.PauseTempBanPrefix)
	}
	until := "until lifted"
	if !p.Until.IsZero() {
		until = "until " + office.ShowTime(p.Until) + " WITA"
	}
	return fmt.Sprintf("WhatsApp: proactive messages paused %s (%s, since %s WITA): replies to owners who write still go; notices, reminders and broadcasts wait.",
		until, why, office.ShowTime(p.Since))
}

func whatsAppLink(ctx context.Context, opts options, phone string, stdout, stderr io.Writer, log *slog.Logger) int {
	if phone != "" {
		p, err := whatsapp.PairingPhone(phone)
		if err != nil {
			fmt.Fprintln(stderr, "sobat-ikm whatsapp link: -phone:", err)
			return 2
		}
		phone = p
	}
	fmt.Fprintf(stdout, "Linking the office's WhatsApp number; the session is kept in %s.\n", opts.whatsappDB)
	fmt.Fprintf(stdout, "Menautkan nomor WhatsApp kantor; sesi disimpan di %s.\n\n", opts.whatsappDB)
	shown := false
	st, err := whatsapp.Link(ctx, opts.whatsappDB, whatsapp.LinkOptions{
		Phone: phone,
		Log:   log,
		ShowQR: func(code string, valid time.Duration) {
			qrterminal.GenerateHalfBlock(code, qrterminal.L, stdout)
			fmt.Fprintf(stdout, "On the office's phone: WhatsApp > Settings > Linked devices > Link a device, and scan this code (valid %s).\n", valid.Round(time.Second))
			fmt.Fprintf(stdout, "Di HP kantor: WhatsApp > Setelan > Perangkat tertaut > Tautkan perangkat, lalu pindai kode ini (berlaku %s).\n\n", valid.Round(time.Second))
		},
		ShowCode: func(code string) {
			shown = true
			fmt.Fprintf(stdout, "Pairing code / Kode penautan:  %s\n\n", code)
			fmt.Fprintln(stdout, "On the office's phone: WhatsApp > Settings > Linked devices > Link a device > Link with phone number instead, and type this code.")
			fmt.Fprintln(stdout, "Di HP kantor: WhatsApp > Setelan > Perangkat tertaut > Tautkan perangkat > Tautkan dengan nomor telepon saja, lalu ketik kode ini.")
		},
	})
	switch {
	case errors.Is(err, whatsapp.ErrAlreadyLinked):
		fmt.Fprintf(stderr, "sobat-ikm whatsapp link: already linked to %s. Run `sobat-ikm whatsapp unlink` first to link another number.\n", st.Phone)
		return 1
	case errors.Is(err, whatsapp.ErrLinkTimeout):
		fmt.Fprintln(stderr, "sobat-ikm whatsapp link: time is up and nothing was linked; run the command again.")
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "sobat-ikm whatsapp link:", err)
		if phone != "" && !shown {
			fmt.Fprintln(stderr, "Check that the number is the office's WhatsApp number in international form (62812...), or link with the QR code (no -phone).")
		}
		return 1
	}
	fmt.Fprintf(stdout, "Linked to %s. Start the bot with the same command as before (e.g. `sobat-ikm -db %s`): it now serves WhatsApp too.\n", st.Phone, opts.db)
	fmt.Fprintf(stdout, "Tertaut ke %s. Jalankan bot dengan perintah yang sama seperti biasa: sekarang bot juga melayani WhatsApp.\n", st.Phone)
	return 0
}

func whatsAppUnlink(ctx context.Context, opts options, force bool, stdout, stderr io.Writer, log *slog.Logger) int {
	err := whatsapp.Unlink(ctx, opts.whatsappDB, force, log)
	switch {
	case errors.Is(err, whatsapp.ErrNotLinked):
		fmt.Fprintf(stdout, "WhatsApp: not linked (%s); nothing to do.\n", opts.whatsappDB)
		return 0
	case err != nil:
		fmt.Fprintln(stderr, "sobat-ikm whatsapp unlink:", err)
		if !errors.Is(err, store.ErrLocked) {
			fmt.Fprintln(stderr, "To delete the local session anyway, run `sobat-ikm whatsapp unlink -force`, then remove the device on the phone under Linked devices.")
		}
		return 1
	}
	fmt.Fprintln(stdout, "WhatsApp: logged out; the device's keys are deleted. / Perangkat sudah dikeluarkan.")
	return 0
}
