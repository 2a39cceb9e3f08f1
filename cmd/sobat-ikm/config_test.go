package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// env is an environment of the given variables.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func officer(name, channel, addr string) office.Officer {
	return office.Officer{Name: name, Chat: store.ChatKey{Channel: channel, Address: addr}}
}

func TestParseOfficersEnv(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []office.Officer
	}{
		{"telegram:123456=Rina,whatsapp:6281234567890=Anwar,console:petugas=Petugas", []office.Officer{
			officer("Rina", "telegram", "123456"),
			officer("Anwar", "whatsapp", "6281234567890@s.whatsapp.net"),
			officer("Petugas", "console", "petugas"),
		}},
		// Spaces, a local number, a capitalized channel, a name with
		// spaces, one officer on two chats.
		{" Telegram:42 = Rina Sari , whatsapp:0812-3456-7890=Rina Sari", []office.Officer{
			officer("Rina Sari", "telegram", "42"),
			officer("Rina Sari", "whatsapp", "6281234567890@s.whatsapp.net"),
		}},
		{"whatsapp:+62 812 3456 7890=Anwar", []office.Officer{officer("Anwar", "whatsapp", "6281234567890@s.whatsapp.net")}},
		{"whatsapp:6281234567890@s.whatsapp.net=Anwar", []office.Officer{officer("Anwar", "whatsapp", "6281234567890@s.whatsapp.net")}},
	} {
		got, err := parseOfficersEnv(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseOfficersEnv(%q) = %+v, %v\nwant %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseOfficersEnvErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"telegrm:123456=Rina", `entry 1 (Rina): unknown channel "telegrm" (known: console, telegram, whatsapp)`},
		{"telegram:123456=", "entry 1: the name is empty"},
		{"telegram:123456=  ", "entry 1: the name is empty"},
		{"telegram:123456", "entry 1: want CHANNEL:ADDRESS=NAME"},
		{"telegram:1=Rina,,telegram:2=Budi", "entry 2 is empty"},
		{"telegram:1=Rina,", "entry 2 is empty"},
		{"telegram:1=Rina,telegram:1=Budi", "the same telegram chat is given to Rina and to Budi"},
		{"whatsapp:6281234567890=Anwar,whatsapp:081234567890=Anwar", "officer Anwar's chat whatsapp is given twice"},
		{"telegram:rina=Rina", "entry 1 (Rina): telegram chat: want the officer's Telegram user id"},
		{"telegram:-100123=Rina", "entry 1 (Rina): telegram chat: want the officer's Telegram user id"},
		{"whatsapp:petugas=Anwar", "entry 1 (Anwar): whatsapp chat: want the officer's WhatsApp number"},
		{"whatsapp:0812=Anwar", "entry 1 (Anwar): whatsapp chat"},
		{"telegram:=Rina", "entry 1 (Rina): the telegram chat's address is empty"},
		{"123456=Rina", "entry 1 (Rina): the chat is not CHANNEL:ADDRESS"},
		{"telegram:1=" + strings.Repeat("x", 65), "entry 1: the name is longer than 64 characters"},
		{"telegram:1=Ri\tna", "entry 1 (Ri\tna): the name holds a control character"},
	} {
		got, err := parseOfficersEnv(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseOfficersEnv(%q) = %+v, %v; want an error with %q", tc.in, got, err, tc.want)
		}
		// Errors are logged: they never repeat a number.
		if err != nil && strings.Contains(err.Error(), "0812") {
			t.Errorf("error repeats the number: %v", err)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	missing := filepath.Join(dir, "none.toml")

	// Nothing configured: the defaults.
	cfg, err := loadConfig(missing, false, env())
	if err != nil || cfg.Profile != office.DefaultProfile() || cfg.Officers != nil || cfg.File != "" {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
	if cfg.Profile.Name != "Dinas Tenaga Kerja dan Perindustrian Kota Kendari" || cfg.Profile.Address != "" ||
		cfg.Profile.Phone != "" || cfg.Profile.Hours != "" {
		t.Errorf("default profile %+v", cfg.Profile)
	}
	// Asked for, a missing file is an error.
	if _, err := loadConfig(missing, true, env()); err == nil {
		t.Error("a missing -config file: no error")
	}

	// The sample file reads as documented.
	cfg, err = loadConfig(filepath.Join("testdata", "sobat-ikm.example.toml"), true, env())
	want := config{File: filepath.Join("testdata", "sobat-ikm.example.toml"),
		Profile: office.Profile{Name: "Dinas Tenaga Kerja dan Perindustrian Kota Kendari", Address: "Jl. Contoh No. 1, Kendari",
			Phone: "0401-000000", Hours: "Senin-Jumat 08.00-16.00 WITA"},
		Officers: []office.Officer{officer("Rina", "telegram", "123456789"),
			officer("Anwar", "whatsapp", "6281234567890@s.whatsapp.net"), officer("Petugas", "console", "petugas")},
		Quotas: office.DefaultQuotas(), QuotaYears: map[int]office.Quotas{2027: {Halal: 150, TKDNTarget: 140}},
		WebURL: "https://ikm.example.go.id"}
	if err != nil || !reflect.DeepEqual(cfg, want) {
		t.Errorf("sample file: %+v, %v\nwant %+v", cfg, err, want)
	}

	// The environment overrides the file: the profile field by field,
	// the officers as a whole.
	file := write("partial.toml", "[office]\naddress = \"Jl. A\"\nhours = \"08-16\"\n[[officers]]\nname = \"Rina\"\nchat = \"telegram:1\"\n")
	cfg, err = loadConfig(file, false, env(envOfficeHours, " 07.30-15.30 ", envOfficeName, "Disnakerperin", envOfficers, "console:budi=Budi"))
	want = config{File: file, Profile: office.Profile{Name: "Disnakerperin", Address: "Jl. A", Hours: "07.30-15.30"},
		Officers: []office.Officer{officer("Budi", "console", "budi")}, Quotas: office.DefaultQuotas()}
	if err != nil || !reflect.DeepEqual(cfg, want) {
		t.Errorf("file and environment: %+v, %v\nwant %+v", cfg, err, want)
	}

	for _, tc := range []struct{ name, body, want string }{
		{"typo.toml", "[office]\nnmae = \"X\"\n", `unknown setting office.nmae`},
		{"badquota.toml", "[[quotas]]\nyear = 26\nhalal = 100\n", "badquota.toml: quotas 1: a year from 2020 to 2099"},
		{"badofficer.toml", "[[officers]]\nname = \"Rina\"\nchat = \"sms:1\"\n", `badofficer.toml: officer 1 (Rina): unknown channel "sms"`},
		{"noname.toml", "[[officers]]\nchat = \"telegram:1\"\n", `noname.toml: officer 1: the name is empty`},
		{"twice.toml", "[[officers]]\nname = \"A\"\nchat = \"telegram:1\"\n[[officers]]\nname = \"B\"\nchat = \"telegram:1\"\n", "the same telegram chat is given to A and to B"},
		{"syntax.toml", "[office\n", "syntax.toml"},
		{"type.toml", "[office]\nname = 3\n", "type.toml"},
	} {
		if _, err := loadConfig(write(tc.name, tc.body), true, env()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	if _, err := loadConfig(missing, false, env(envOfficers, "nope")); err == nil || !strings.HasPrefix(err.Error(), "SOBAT_OFFICERS: entry 1") {
		t.Errorf("bad SOBAT_OFFICERS: %v", err)
	}
}

// The configuration file is looked for beside the database; -config
// names another.
func TestConfigPathAndCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "bot.db")
	if p, explicit := configPath(options{db: db}); p != filepath.Join(dir, "data", "sobat-ikm.toml") || explicit {
		t.Errorf("configPath = %s, %v", p, explicit)
	}
	if p, explicit := configPath(options{db: db, config: "/etc/sobat.toml"}); p != "/etc/sobat.toml" || !explicit {
		t.Errorf("configPath with -config = %s, %v", p, explicit)
	}

	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-db", db, "config"}, env(envOfficers, "telegram:42=Rina,whatsapp:081234567890=Anwar"),
		strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("config: exit %d, %s", code, errOut.String())
	}
	for _, s := range []string{"file            none", "office.name     Dinas Tenaga Kerja dan Perindustrian Kota Kendari",
		"office.address  (not set)", "officer         Rina   telegram:42", "officer         Anwar  whatsapp:6281234567890@s.whatsapp.net"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("config output lacks %q:\n%s", s, out.String())
		}
	}
	out.Reset()
	errOut.Reset()
	if code := run(t.Context(), []string{"-db", db, "config"}, env(envOfficers, "telegram:x=Rina"), strings.NewReader(""), &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "SOBAT_OFFICERS: entry 1 (Rina)") {
		t.Errorf("bad configuration: exit %d, %q", code, errOut.String())
	}
	// A bad configuration stops the bot before it starts.
	errOut.Reset()
	if code := run(t.Context(), []string{"-db", db}, env(envOfficers, "telegram:x=Rina"), strings.NewReader("halo\n"), &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "SOBAT_OFFICERS") {
		t.Errorf("serve with a bad configuration: exit %d, %q", code, errOut.String())
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the bot created its database before refusing the configuration")
	}
}
