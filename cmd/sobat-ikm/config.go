package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// config is what the program is told besides its flags: the office's
// profile and its officers. The defaults need nothing (officeDefaults);
// a TOML file adds to them (configFileName beside the database, or
// -config); the environment overrides both.
type config struct {
	Profile  office.Profile
	Officers []office.Officer
	// Quotas are a year's numbers (free halal places, TKDN target);
	// QuotaYears those of the years configured one by one.
	Quotas     office.Quotas
	QuotaYears map[int]office.Quotas
	// WebURL is the web console's public address, used in login links
	// ("" : the address it is served on).
	WebURL string
	// File is the configuration file read, or "" when there was none.
	File string
}

// configFileName is the configuration file looked for beside the database.
const configFileName = "sobat-ikm.toml"

// The environment variables of the configuration.
const (
	envOfficeName    = "SOBAT_OFFICE_NAME"
	envOfficeAddress = "SOBAT_OFFICE_ADDRESS"
	envOfficePhone   = "SOBAT_OFFICE_PHONE"
	envOfficeHours   = "SOBAT_OFFICE_HOURS"
	envOfficers      = "SOBAT_OFFICERS"
	// envDataKey seals NIKs at rest (32 bytes or more of secret); without
	// it, a key file beside the database (<db>.datakey) is made.
	envDataKey = "SOBAT_DATA_KEY"
)

// configUsage describes the configuration for -h.
const configUsage = `configuration (optional): the file sobat-ikm.toml beside -db, or -config FILE;
environment variables override it:
  [office] name     SOBAT_OFFICE_NAME     the office's name (default: Dinas Tenaga Kerja dan
                                          Perindustrian Kota Kendari)
  [office] address  SOBAT_OFFICE_ADDRESS  its address, phone number and opening hours, as owners
  [office] phone    SOBAT_OFFICE_PHONE    are told them (default: none)
  [office] hours    SOBAT_OFFICE_HOURS    written as "Senin-Jumat 08.00-16.00 WITA" (the default), it is
                                          also when officers answer tickets: an owner writing outside
                                          it is told when to expect an answer
  [[officers]]      SOBAT_OFFICERS        the officers, each on one chat; a chat is CHANNEL:ADDRESS:
    name, chat                            telegram:<user id>, whatsapp:<number>, console:<name>.
                                          SOBAT_OFFICERS="telegram:123456=Rina,whatsapp:6281234567890=Anwar"
                                          replaces the file's officers. Officers are never declared in a chat.
  [[quotas]]                              a year's numbers: free halal certificate places and the TKDN IK
    year, halal, tkdn_target              target (default 120 and 125); without year, every year's.
  [web] url        SOBAT_WEB_URL          the web console's public address, used in login links
                   SOBAT_DATA_KEY         the key sealing NIKs at rest (32 characters or more); without it
                                          <db>.datakey is made (mode 0600). Lose it, lose only the NIKs.
`

// fileConfig is the configuration file's shape.
type fileConfig struct {
	Office struct {
		Name    string `toml:"name"`
		Address string `toml:"address"`
		Phone   string `toml:"phone"`
		Hours   string `toml:"hours"`
	} `toml:"office"`
	Officers []struct {
		Name string `toml:"name"`
		Chat string `toml:"chat"`
	} `toml:"officers"`
	Quotas []struct {
		Year       int `toml:"year"`
		Halal      int `toml:"halal"`
		TKDNTarget int `toml:"tkdn_target"`
	} `toml:"quotas"`
	Web struct {
		URL string `toml:"url"`
	} `toml:"web"`
}

// loadConfig reads the configuration: the file at path (which must exist
// when explicit, and may be missing otherwise), then the environment.
// Every mistake is an error that says where it is.
func loadConfig(path string, explicit bool, getenv func(string) string) (config, error) {
	cfg := config{Profile: office.DefaultProfile(), Quotas: office.DefaultQuotas()}
	raw, err := os.ReadFile(path)
	switch {
	case err == nil:
		cfg.File = path
		if err := cfg.readFile(path, raw); err != nil {
			return config{}, err
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	default:
		return config{}, fmt.Errorf("configuration: %w", err)
	}
	for _, v := range []struct {
		env string
		to  *string
	}{
		{envOfficeName, &cfg.Profile.Name},
		{envOfficeAddress, &cfg.Profile.Address},
		{envOfficePhone, &cfg.Profile.Phone},
		{envOfficeHours, &cfg.Profile.Hours},
		{envWebURL, &cfg.WebURL},
	} {
		if s := strings.TrimSpace(getenv(v.env)); s != "" {
			*v.to = s
		}
	}
	if env := getenv(envOfficers); strings.TrimSpace(env) != "" {
		officers, err := parseOfficersEnv(env)
		if err != nil {
			return config{}, fmt.Errorf("%s: %w", envOfficers, err)
		}
		cfg.Officers = officers
	}
	return cfg, nil
}

// readFile applies the configuration file's settings.
func (cfg *config) readFile(path string, raw []byte) error {
	var f fileConfig
	md, err := toml.Decode(string(raw), &f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		var names []string
		for _, k := range keys {
			names = append(names, k.String())
		}
		return fmt.Errorf("%s: unknown setting %s (known: office.name, office.address, office.phone, office.hours, officers.name, officers.chat, quotas.year, quotas.halal, quotas.tkdn_target, web.url)",
			path, strings.Join(names, ", "))
	}
	for _, v := range []struct{ from, to *string }{
		{&f.Office.Name, &cfg.Profile.Name},
		{&f.Office.Address, &cfg.Profile.Address},
		{&f.Office.Phone, &cfg.Profile.Phone},
		{&f.Office.Hours, &cfg.Profile.Hours},
		{&f.Web.URL, &cfg.WebURL},
	} {
		if s := strings.TrimSpace(*v.from); s != "" {
			*v.to = s
		}
	}
	for i, e := range f.Officers {
		o, err := parseOfficer(e.Chat, e.Name)
		if err != nil {
			return fmt.Errorf("%s: officer %d%s: %w", path, i+1, nameNote(e.Name), err)
		}
		cfg.Officers = append(cfg.Officers, o)
	}
	if err := checkOfficers(cfg.Officers); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for i, q := range f.Quotas {
		if q.Halal < 0 || q.TKDNTarget < 0 || q.Year != 0 && (q.Year < 2020 || q.Year > 2099) {
			return fmt.Errorf("%s: quotas %d: a year from 2020 to 2099 (or none, for every year) and numbers of 0 or more", path, i+1)
		}
		n := cfg.Quotas
		if cfg.QuotaYears != nil {
			if old, ok := cfg.QuotaYears[q.Year]; ok {
				n = old
			}
		}
		if q.Halal > 0 {
			n.Halal = q.Halal
		}
		if q.TKDNTarget > 0 {
			n.TKDNTarget = q.TKDNTarget
		}
		if q.Year == 0 {
			cfg.Quotas = n
			continue
		}
		if cfg.QuotaYears == nil {
			cfg.QuotaYears = map[int]office.Quotas{}
		}
		cfg.QuotaYears[q.Year] = n
	}
	return nil
}

// office is the office as configured, on the clock now.
func (cfg config) office(cat *locales.Catalog, now func() time.Time) *office.Office {
	opts := []office.Option{office.WithProfile(cfg.Profile), office.WithQuotas(cfg.Quotas, cfg.QuotaYears), office.WithStaff(cfg.Officers)}
	if h, ok := office.ParseHours(cfg.Profile.Hours); ok { // (else Monday-Friday 08.00-16.00)
		opts = append(opts, office.WithHours(h))
	}
	return office.New(cat, now, opts...)
}

// configPath is the configuration file to read, and whether it was asked
// for (-config) rather than looked for beside the database.
func configPath(opts options) (string, bool) {
	if opts.config != "" {
		return opts.config, true
	}
	return filepath.Join(filepath.Dir(opts.db), configFileName), false
}

// officerNamed returns the configured spelling of an officer's name,
// matched regardless of case and surrounding spaces.
func (cfg config) officerNamed(name string) (string, bool) {
	name = strings.TrimSpace(name)
	i := slices.IndexFunc(cfg.Officers, func(o office.Officer) bool { return strings.EqualFold(o.Name, name) })
	if i < 0 {
		return "", false
	}
	return cfg.Officers[i].Name, true
}

// officerNames lists the officers' names, each once, in order.
func (cfg config) officerNames() []string {
	var names []string
	for _, o := range cfg.Officers {
		if !slices.Contains(names, o.Name) {
			names = append(names, o.Name)
		}
	}
	return names
}

// openDB opens the database, sealing NIKs with SOBAT_DATA_KEY when set.
func openDB(ctx context.Context, path string, getenv func(string) string) (*store.DB, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if key := getenv(envDataKey); key != "" {
		if err := db.UseDataKey([]byte(key)); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", envDataKey, err)
		}
	}
	return db, nil
}
