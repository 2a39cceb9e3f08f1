package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

const ownersShowUsage = `usage: sobat-ikm owners show IKM-000123

Shows everything kept about an owner, for officers: the data (the mobile
number in full), the chats the owner writes from (the last one first:
notices go there) and what officers did, with times in WITA.
`

func (r ownersRun) show(ctx context.Context, args []string) int {
	fs := r.flags("show", ownersShowUsage)
	rest, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	id, ok := r.regNo(fs, rest[0])
	if !ok {
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("show", err)
	}
	defer d.db.Close()
	var rec office.OwnerRecord
	var history []store.AuditEntry
	err = d.read(ctx, func(tx *store.Tx) (err error) {
		if rec, err = d.off.FindOwnerRecord(tx, id); err != nil {
			return err
		}
		history, err = d.off.OwnerHistory(tx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return r.fail("show", fmt.Errorf("no owner %s (erased, or never registered)", store.Owner{ID: id}.RegNo()))
	}
	if err != nil {
		return r.fail("show", err)
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	for _, c := range d.off.OwnerColumns(d.lang) {
		if c.Key != "chats" {
			fmt.Fprintf(w, "%s\t%s\n", c.Heading, orDash(c.Value(rec)))
			continue
		}
		heading := c.Heading
		for _, ct := range rec.Contacts {
			fmt.Fprintf(w, "%s\t%s\n", heading, d.t("office_chat_line", "Channel", d.off.ChannelLabel(d.lang, ct.Chat.Channel),
				"At", office.ShowTime(ct.LastSeenAt)))
			heading = ""
		}
		if heading != "" {
			fmt.Fprintf(w, "%s\t-\n", heading)
		}
	}
	w.Flush()
	fmt.Fprintln(r.stdout)
	if len(history) == 0 {
		fmt.Fprintln(r.stdout, d.t("office_history_none"))
		return 0
	}
	fmt.Fprintln(r.stdout, d.t("office_history_title"))
	for _, e := range history {
		fmt.Fprintln(r.stdout, d.off.DescribeEntry(d.lang, e))
	}
	return 0
}
