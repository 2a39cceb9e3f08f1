package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
)

const configCommandUsage = `usage: sobat-ikm [-db FILE] [-config FILE] config

Shows the configuration in effect (the file, then the environment, over
the defaults) and checks it: the office's profile and the officers, with
the chat address each one's messages come from. Exit code 1 when the
configuration is wrong, with what is wrong.
`

// runConfig runs "sobat-ikm config".
func runConfig(opts options, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			fmt.Fprint(stderr, configCommandUsage)
			return 0
		}
		fmt.Fprintf(stderr, "sobat-ikm config: unexpected argument %q\n%s", args[0], configCommandUsage)
		return 2
	}
	path, explicit := configPath(opts)
	cfg, err := loadConfig(path, explicit, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "sobat-ikm config:", err)
		return 1
	}
	file := cfg.File
	if file == "" {
		file = "none (" + path + " does not exist): defaults and environment"
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "file\t%s\n", file)
	for _, v := range []struct{ name, value string }{
		{"office.name", cfg.Profile.Name}, {"office.address", cfg.Profile.Address},
		{"office.phone", cfg.Profile.Phone}, {"office.hours", cfg.Profile.Hours},
	} {
		if v.value == "" {
			v.value = "(not set)"
		}
		fmt.Fprintf(w, "%s\t%s\n", v.name, v.value)
	}
	if len(cfg.Officers) == 0 {
		fmt.Fprintf(w, "officers\tnone (set %s or [[officers]])\n", envOfficers)
	}
	for _, o := range cfg.Officers {
		fmt.Fprintf(w, "officer\t%s\t%s:%s\n", o.Name, o.Chat.Channel, o.Chat.Address)
	}
	fmt.Fprintf(w, "quotas\thalal %d, tkdn_target %d, every year\n", cfg.Quotas.Halal, cfg.Quotas.TKDNTarget)
	for _, y := range slices.Sorted(maps.Keys(cfg.QuotaYears)) {
		fmt.Fprintf(w, "quotas\thalal %d, tkdn_target %d, in %d\n", cfg.QuotaYears[y].Halal, cfg.QuotaYears[y].TKDNTarget, y)
	}
	w.Flush()
	return 0
}
