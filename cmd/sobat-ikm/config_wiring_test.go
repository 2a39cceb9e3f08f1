package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// The configuration reaches the conversations: a configured officer's
// chat gets the officer desk, an owner asking for the office gets the
// configured profile.
func TestConfigurationReachesChats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	getenv := env(envOfficers, "console:petugas=Rina", envOfficeName, "Disnakerperin Kota Kendari",
		envOfficeHours, "Senin-Jumat 08.00-16.00 WITA")
	chat := func(name string, lines ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		in := strings.NewReader(strings.Join(lines, "\n") + "\n")
		if code := run(context.Background(), []string{"-db", db, "-chat", name}, getenv, in, &out, &errOut); code != 0 {
			t.Fatalf("exit %d; stderr:\n%s", code, errOut.String())
		}
		if !strings.Contains(errOut.String(), `msg=configuration file="" office="Disnakerperin Kota Kendari" officers=1`) {
			t.Errorf("the start does not log the configuration:\n%s", errOut.String())
		}
		return out.String()
	}
	if out := chat("petugas", "halo"); !strings.Contains(out, "Halo Rina, Anda masuk sebagai petugas Sobat IKM.") {
		t.Errorf("the configured officer did not get the officer desk:\n%s", out)
	}
	out := chat("pemilik", "halo", "7")
	for _, s := range []string{"Anda bisa menghubungi Disnakerperin Kota Kendari:", "Jam layanan: Senin-Jumat 08.00-16.00 WITA"} {
		if !strings.Contains(out, s) {
			t.Errorf("'Hubungi petugas' lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "Alamat:") {
		t.Errorf("an address was shown though none is configured:\n%s", out)
	}
}
