package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const broadcastUsage = `usage: sobat-ikm [-db FILE] broadcast COMMAND [arguments] [flags]

Announcements to the owners who should get them. The running bot writes
each one's recipients when its time comes and sends them paced, replies
first, never between 21:00 and 07:00 WITA; every owner gets it once, in
their language when an English text is given, with the line that tells
how to stop announcements.

commands:
  create -text TEXT -by NAME [-text-en TEXT] [-at WHEN] [-preview]
         [-sector S] [-kecamatan K] [-binaan] [-training ID [-waiting]]
         [-app halal|tkdn [-stage STAGE]] [-silent DAYS] [-owners IKM-000001,IKM-000002]
                                 the audience: every condition given (none: all registered owners);
                                 WHEN as people write it ("12/12 08.00", "besok jam 9"; default now);
                                 -preview shows the reach and the text and sends nothing
  list                           the latest broadcasts and where they are
  status ID [-failures FILE.csv|FILE.xlsx]
                                 sent, failed, skipped per channel; the failed and skipped to a file
  cancel ID -by NAME [-note TEXT]  what has not gone out never does
`

// runBroadcast runs "sobat-ikm broadcast COMMAND ...".
func runBroadcast(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "broadcast", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	return r.runGroup(args, broadcastUsage, map[string]func([]string) int{
		"create": func(a []string) int { return r.createBroadcast(ctx, a) },
		"list":   func(a []string) int { return r.listBroadcasts(ctx, a) },
		"status": func(a []string) int { return r.broadcastStatus(ctx, a) },
		"cancel": func(a []string) int { return r.cancelBroadcast(ctx, a) },
	})
}

func (r ownersRun) createBroadcast(ctx context.Context, args []string) int {
	fs := r.flags("create", broadcastUsage)
	text := fs.String("text", "", "the announcement, in Indonesian (required; at most 1000 characters)")
	textEN := fs.String("text-en", "", "the announcement in English, for owners who chat in English")
	at := fs.String("at", "", "when to send it, WITA (default: now)")
	preview := fs.Bool("preview", false, "show whom it reaches and how it reads, and send nothing")
	sector := fs.String("sector", "", "owners of this sector ("+strings.Join(office.Sectors(), ", ")+")")
	kecamatan := fs.String("kecamatan", "", "owners in this kecamatan")
	binaan := fs.Bool("binaan", false, "binaan owners only")
	training := fs.Int64("training", 0, "owners with a seat in this training")
	waiting := fs.Bool("waiting", false, "with -training: its waiting list instead")
	app := fs.String("app", "", "owners with an application of this kind: halal or tkdn")
	stage := fs.String("stage", "", "with -app: in this stage")
	silent := fs.Int("silent", 0, "owners not heard from in so many days")
	owners := fs.String("owners", "", "these owners (registration numbers, comma list)")
	by := fs.String("by", "", "the officer (required)")
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	a := store.Audience{Sector: *sector, Kecamatan: *kecamatan, Binaan: *binaan, TrainingID: *training, Waiting: *waiting,
		AppKind: *app, AppStage: *stage, SilentDays: *silent}
	if *sector != "" && !slices.Contains(office.Sectors(), *sector) {
		fmt.Fprintf(r.stderr, "%s: -sector %q: want one of %s\n", fs.Name(), *sector, strings.Join(office.Sectors(), ", "))
		return 2
	}
	for _, s := range splitFlag(*owners) {
		id, ok := r.regNo(fs, s)
		if !ok {
			return 2
		}
		a.Owners = append(a.Owners, id)
	}
	b := store.Broadcast{TextID: *text, TextEN: *textEN, Audience: a, SendAt: r.now()}
	if *at != "" {
		var ok bool
		if b.SendAt, ok = r.when("-at", *at); !ok {
			return 2
		}
	}
	var d *desk
	var name string
	if *preview {
		var err error
		if d, err = r.open(ctx); err != nil {
			return r.fail("create", err)
		}
	} else {
		var code int
		if d, name, code = r.officerDesk(ctx, fs.Name(), *by); d == nil {
			return code
		}
	}
	defer d.db.Close()
	var reach office.Reach
	err := d.db.Update(ctx, func(tx *store.Tx) (err error) {
		if err := office.CheckBroadcast(tx, b); err != nil {
			return err
		}
		if reach, err = d.off.ReachOf(tx, a); err != nil || *preview {
			return err
		}
		return d.off.CreateBroadcast(tx, office.Actor{Name: name}, &b)
	})
	if errors.Is(err, office.ErrBroadcastInvalid) {
		fmt.Fprintf(r.stderr, "%s: %v\n", fs.Name(), err)
		return 2
	}
	if err != nil {
		return r.fail("create", err)
	}
	r.printReach(d, a, reach)
	fmt.Fprintln(r.stdout, "---")
	fmt.Fprintln(r.stdout, d.off.BroadcastText(b, "id"))
	if b.TextEN != "" {
		fmt.Fprintln(r.stdout, "---")
		fmt.Fprintln(r.stdout, d.off.BroadcastText(b, "en"))
	}
	fmt.Fprintln(r.stdout, "---")
	if *preview {
		fmt.Fprintln(r.stdout, d.t("broadcast_cli_preview"))
		return 0
	}
	fmt.Fprintln(r.stdout, d.t("broadcast_cli_created", "ID", b.ID, "At", office.ShowTime(b.SendAt)))
	return 0
}

// printReach says whom an audience reaches, per channel, and who is left
// out and why.
func (r ownersRun) printReach(d *desk, a store.Audience, reach office.Reach) {
	var per []string
	for _, ch := range slices.Sorted(maps.Keys(reach.PerChannel)) {
		per = append(per, fmt.Sprintf("%s %d", d.off.ChannelLabel(d.lang, ch), reach.PerChannel[ch]))
	}
	fmt.Fprintln(r.stdout, d.t("broadcast_cli_reach", "Audience", d.off.AudienceLabel(d.lang, a), "Total", reach.Total,
		"Reached", reach.Reached(), "Channels", orDash(strings.Join(per, ", ")), "OptedOut", reach.OptedOut, "Unreachable", reach.Unreachable))
}

func (r ownersRun) listBroadcasts(ctx context.Context, args []string) int {
	fs := r.flags("list", broadcastUsage)
	if _, code, ok := parse(fs, args, 0); !ok {
		return code
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("list", err)
	}
	defer d.db.Close()
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	err = d.db.View(ctx, func(tx *store.ReadTx) error {
		bs, err := tx.Broadcasts(50)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "ID\tKIRIM (WITA)\tOLEH\tUNTUK\tSTATUS\tTERKIRIM\tTEKS")
		for _, b := range bs {
			rep, err := d.off.Report(tx, b.ID)
			if err != nil {
				return err
			}
			t := rep.Total
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d/%d\t%s\n", b.ID, office.ShowTime(b.SendAt), b.CreatedBy, d.off.AudienceLabel(d.lang, b.Audience),
				d.off.BroadcastState(d.lang, rep), t.Sent, t.Queued+t.Sent+t.Failed+t.Skipped, firstWords(b.TextID, 40))
		}
		return nil
	})
	if err != nil {
		return r.fail("list", err)
	}
	w.Flush()
	return 0
}

// firstWords is the start of a text on one line, at most n characters.
func firstWords(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (r ownersRun) broadcastStatus(ctx context.Context, args []string) int {
	fs := r.flags("status", broadcastUsage)
	failures := fs.String("failures", "", "write the failed and skipped recipients to FILE.csv or FILE.xlsx (- for standard output)")
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.broadcastID("status", rest[0])
	if !ok {
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("status", err)
	}
	defer d.db.Close()
	var rep office.BroadcastReport
	err = d.db.View(ctx, func(tx *store.ReadTx) (err error) { rep, err = d.off.Report(tx, id); return err })
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(r.stderr, "%s: no broadcast %d (see broadcast list)\n", fs.Name(), id)
		return 1
	}
	if err != nil {
		return r.fail("status", err)
	}
	if *failures != "" {
		format := office.Format{Sep: ',', XLSX: strings.HasSuffix(strings.ToLower(*failures), ".xlsx")}
		write := func(w io.Writer) (n int, err error) {
			err = d.db.View(ctx, func(tx *store.ReadTx) (err error) {
				n, err = d.off.ExportFailures(tx, w, id, d.lang, format)
				return err
			})
			return n, err
		}
		return r.writeExport(d, *failures, write, "broadcast_cli_exported")
	}
	b := rep.Broadcast
	fmt.Fprintln(r.stdout, d.t("broadcast_cli_status", "ID", b.ID, "State", d.off.BroadcastState(d.lang, rep), "At", office.ShowTime(b.SendAt),
		"By", b.CreatedBy, "Audience", d.off.AudienceLabel(d.lang, b.Audience)))
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t\n", strings.ToUpper(d.t("broadcast_col_channel")), strings.ToUpper(d.t("broadcast_status_queued")),
		strings.ToUpper(d.t("broadcast_status_sent")), strings.ToUpper(d.t("broadcast_status_failed")), strings.ToUpper(d.t("broadcast_status_skipped")))
	rows := append(slices.Clone(rep.Channels), rep.Total)
	for i, c := range rows {
		label := d.off.ChannelLabel(d.lang, c.Channel)
		if i == len(rows)-1 {
			label = d.t("broadcast_cli_total")
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t\n", label, c.Queued, c.Sent, c.Failed, c.Skipped)
	}
	w.Flush()
	tot := rep.Total
	fmt.Fprintln(r.stdout, d.t("broadcast_cli_receipts", "Delivered", tot.Delivered, "Read", tot.Read, "NotDelivered", tot.NotDelivered))
	for _, reason := range slices.Sorted(maps.Keys(rep.Total.Reasons)) {
		fmt.Fprintf(r.stdout, "  %s: %d\n", d.off.SkipReasonLabel(d.lang, reason), rep.Total.Reasons[reason])
	}
	return 0
}

// broadcastID reads a broadcast's id argument.
func (r ownersRun) broadcastID(cmd, s string) (int64, bool) { return r.idArg(cmd, s, "broadcast") }

func (r ownersRun) cancelBroadcast(ctx context.Context, args []string) int {
	fs := r.flags("cancel", broadcastUsage)
	by := fs.String("by", "", "the officer (required)")
	note := fs.String("note", "", "why, for the audit log")
	d, name, id, code := r.onRecord(ctx, fs, "cancel", args, by, r.broadcastID)
	if d == nil {
		return code
	}
	defer d.db.Close()
	var n int64
	err := d.db.Update(ctx, func(tx *store.Tx) (err error) {
		n, err = d.off.CancelBroadcast(tx, office.Actor{Name: name}, id, *note)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(r.stderr, "%s: no broadcast %d (see broadcast list)\n", fs.Name(), id)
		return 1
	case errors.Is(err, office.ErrBroadcastDone):
		fmt.Fprintf(r.stderr, "%s: %s\n", fs.Name(), d.t("broadcast_cli_done"))
		return 1
	case err != nil:
		return r.fail("cancel", err)
	}
	fmt.Fprintln(r.stdout, d.t("broadcast_cli_cancelled", "ID", id, "N", n))
	return 0
}
