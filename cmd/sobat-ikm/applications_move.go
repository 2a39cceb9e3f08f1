package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const applicationsMoveUsage = `usage: sobat-ikm applications move HL-2026-0007 STAGE -by NAME [-note TEXT] [-cert NO] [-percent P] [-valid-until YYYY-MM-DD]

Moves an application to another stage. The move is written in its history
and in the audit log, and the owner is told in the chat they wrote from
last, in their language: the new stage, the note and what happens next
(a running bot sends it within seconds). perlu_perbaikan and ditolak need
-note (what to fix, or why); terbit needs -cert, and for TKDN also
-percent and -valid-until.

NAME is one of the configured officers (sobat-ikm -h).
`

func (r ownersRun) moveApplication(ctx context.Context, args []string) int {
	fs := r.flags("move", applicationsMoveUsage)
	by := fs.String("by", "", "the officer who moves it: a configured officer's name (required)")
	note := fs.String("note", "", fmt.Sprintf("for the owner: what to fix, why, what happens (at most %d characters)", office.MaxNote))
	cert := fs.String("cert", "", "terbit: the certificate's number")
	percent := fs.String("percent", "", "terbit, TKDN: the TKDN percentage (47.5 or 47,5)")
	validUntil := fs.String("valid-until", "", "terbit, TKDN: the last day it is valid (YYYY-MM-DD)")
	rest, code, ok := parse(fs, args, 2)
	if !ok {
		return code
	}
	ref, ok := r.reference("move", rest[0])
	if !ok {
		return 2
	}
	if strings.TrimSpace(*by) == "" {
		fmt.Fprintf(r.stderr, "%s: -by NAME is required: who moves it goes in the history\n", fs.Name())
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("move", err)
	}
	defer d.db.Close()
	name, ok := r.officer(fs, d, *by)
	if !ok {
		return 2
	}
	to := strings.ToLower(strings.TrimSpace(rest[1]))
	var pct float64
	if p := strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(*percent), ",", "."), "%"); p != "" {
		if pct, err = strconv.ParseFloat(p, 64); err != nil {
			fmt.Fprintf(r.stderr, "%s: -percent %q: want a number such as 47.5\n", fs.Name(), *percent)
			return 2
		}
	}
	var a store.Application
	var from string
	var next []string
	var chat store.ChatKey
	var told bool
	err = d.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.FindApplication(store.KindOfPrefix(ref.Prefix), ref.Year, ref.Seq, 0)
		if err != nil {
			return err
		}
		from = cur.Stage
		if next, err = tx.NextStages(cur); err != nil {
			return err
		}
		a, err = d.off.Move(tx, office.Actor{Name: name}, store.Move{ID: cur.ID, From: cur.Stage, To: to, Note: *note,
			CertNo: *cert, TKDNPercent: pct, ValidUntil: *validUntil})
		if err != nil || a.OwnerID == 0 {
			return err
		}
		chat, told, err = d.off.NoticeChat(tx, a.OwnerID)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r.fail("move", fmt.Errorf("no application %s", ref))
	case errors.Is(err, store.ErrNotAllowed) && len(next) == 0:
		fmt.Fprintf(r.stderr, "%s: %s is %s, where an application ends: it moves no more\n", fs.Name(), ref, from)
		return 2
	case errors.Is(err, store.ErrNotAllowed):
		fmt.Fprintf(r.stderr, "%s: %s cannot go from %s to %s; it can go to: %s\n", fs.Name(), ref, from, to, strings.Join(next, ", "))
		return 2
	case errors.Is(err, office.ErrNoteNeeded), errors.Is(err, office.ErrCertNeeded), errors.Is(err, office.ErrCertPercent),
		errors.Is(err, office.ErrCertValidity), errors.Is(err, office.ErrNoteTooLong):
		fmt.Fprintf(r.stderr, "%s: %v\n", fs.Name(), err)
		return 2
	case err != nil:
		return r.fail("move", err)
	}
	fmt.Fprintln(r.stdout, d.t("app_cli_moved", "Ref", a.Ref(), "Stage", d.off.StageName(d.lang, a.Kind, a.Stage)))
	if told {
		fmt.Fprintln(r.stdout, d.t("office_cli_told", "Channel", d.off.ChannelLabel(d.lang, chat.Channel)))
	} else {
		fmt.Fprintln(r.stdout, d.t("office_cli_not_told"))
	}
	return 0
}
