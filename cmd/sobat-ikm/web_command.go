package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"sobat-ikm/store"
)

const webLinkUsage = `usage: sobat-ikm [-db FILE] web link -officer NAME

Makes a one-time login link to the officers' web console for a configured
officer, valid once for 10 minutes: it is printed here and sent to the
officer's own chat (a running bot delivers it within seconds). The link
points at SOBAT_WEB_URL (default http://<-http address>).
`

// runWeb runs "sobat-ikm web link".
func runWeb(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "web", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] != "link" {
		fmt.Fprint(stderr, webLinkUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "help") {
			return 0
		}
		return 2
	}
	fs := r.flags("link", webLinkUsage)
	name := fs.String("officer", "", "the configured officer's name (required)")
	if _, code, ok := parse(fs, args[1:], 0); !ok {
		return code
	}
	if strings.TrimSpace(*name) == "" {
		fmt.Fprintf(stderr, "%s: -officer NAME is required\n", fs.Name())
		return 2
	}
	d, err := r.open(ctx)
	if err != nil {
		return r.fail("link", err)
	}
	defer d.db.Close()
	officer, ok := r.officer(fs, d, *name)
	if !ok {
		return 2
	}
	base := consoleURL(d.cfg, opts.http)
	var link string
	err = d.db.Update(ctx, func(tx *store.Tx) error {
		for _, o := range d.cfg.Officers {
			if o.Name != officer {
				continue
			}
			var err error
			if link, err = d.off.SendLoginLink(tx, o, base); err != nil {
				return err
			}
			break // (one link, to the officer's first chat)
		}
		return nil
	})
	if err != nil {
		return r.fail("link", err)
	}
	fmt.Fprintln(stdout, link)
	return 0
}
