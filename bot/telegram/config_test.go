package telegram

import "testing"

// Without Listen the webhook binds loopback only: an HTTPS reverse proxy
// fronts it.
func TestDefaultListenIsLoopback(t *testing.T) {
	cfg, err := Config{Token: "123456:secret"}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != "127.0.0.1:8080" {
		t.Errorf("default Listen %q, want 127.0.0.1:8080", cfg.Listen)
	}
}
