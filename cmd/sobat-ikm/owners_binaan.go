package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const ownersBinaanUsage = `usage: sobat-ikm owners binaan IKM-000123 on|off -by NAME [-note TEXT]

Marks an owner as a binaan IKM of the office (on), or not (off). The
change is written in the audit log with who did it and the note, and the
owner is told in the chat they wrote from last, in their language; a
running bot sends it within seconds. Marking an owner who already is (or
unmarking one who is not) changes nothing and sends nothing.

NAME is one of the configured officers (SOBAT_OFFICERS, or [[officers]] in
sobat-ikm.toml; see sobat-ikm -h).
`

func (r ownersRun) binaan(ctx context.Context, args []string) int {
	fs := r.flags("binaan", ownersBinaanUsage)
	by := fs.String("by", "", "the officer who decides: a configured officer's name (required)")
	note := fs.String("note", "", fmt.Sprintf("why, for the audit log (at most %d characters; no NIK or phone numbers)", office.MaxNote))
	rest, code, ok := parse(fs, args, 2)
	if !ok {
		return code
	}
	id, ok := r.regNo(fs, rest[0])
	if !ok {
		return 2
	}
	var on bool
	switch strings.ToLower(rest[1]) {
	case "on", "ya":
		on = true
	case "off", "tidak":
	default:
		fmt.Fprintf(r.stderr, "%s: %q: want on or off\n", fs.Name(), rest[1])
		fs.Usage()
		return 2
	}
	if strings.TrimSpace(*by) == "" {
		fmt.Fprintf(r.stderr, "%s: -by NAME is required: who decides goes in the audit log\n", fs.Name())
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("binaan", err)
	}
	defer d.db.Close()
	name, ok := r.officer(fs, d, *by)
	if !ok {
		return 2
	}

	var owner store.Owner
	var changed, told bool
	var chat store.ChatKey
	err = d.db.Update(ctx, func(tx *store.Tx) (err error) {
		owner, changed, err = d.off.SetBinaan(tx, office.Actor{Name: name}, id, on, *note)
		if err != nil || !changed {
			return err
		}
		chat, told, err = d.off.NoticeChat(tx, id)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r.fail("binaan", fmt.Errorf("no owner %s (erased, or never registered)", store.Owner{ID: id}.RegNo()))
	case errors.Is(err, office.ErrNoteTooLong):
		fmt.Fprintf(r.stderr, "%s: -note: %v\n", fs.Name(), err)
		return 2
	case err != nil:
		return r.fail("binaan", err)
	}
	msg := "office_cli_binaan_off"
	switch {
	case !changed && on:
		msg = "office_cli_binaan_already_on"
	case !changed:
		msg = "office_cli_binaan_already_off"
	case on:
		msg = "office_cli_binaan_on"
	}
	fmt.Fprintln(r.stdout, d.t(msg, "RegNo", owner.RegNo(), "Business", owner.BusinessName))
	switch {
	case changed && told:
		fmt.Fprintln(r.stdout, d.t("office_cli_told", "Channel", d.off.ChannelLabel(d.lang, chat.Channel)))
	case changed:
		fmt.Fprintln(r.stdout, d.t("office_cli_not_told"))
	}
	return 0
}

// officer is the configured spelling of the officer -by names; when no
// configured officer has that name it says so and ok is false (exit 2).
func (r ownersRun) officer(fs *flag.FlagSet, d *desk, by string) (string, bool) {
	name, ok := d.cfg.officerNamed(by)
	if ok {
		return name, true
	}
	if names := d.cfg.officerNames(); len(names) > 0 {
		fmt.Fprintf(r.stderr, "%s: %s: not a configured officer (officers: %s)\n", fs.Name(), by, strings.Join(names, ", "))
	} else {
		fmt.Fprintf(r.stderr, "%s: %s: no officers are configured; set SOBAT_OFFICERS or [[officers]] in %s (sobat-ikm -h)\n",
			fs.Name(), by, configFileName)
	}
	return "", false
}
