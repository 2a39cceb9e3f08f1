package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"sobat-ikm/store"
)

// whatsAppChannel builds the WhatsApp channel when a linked session
// exists in opts.whatsappDB; ok is false otherwise.
func whatsAppChannel(ctx context.Context, opts options, db *store.DB, log *slog.Logger) (channel, bool, error) {
	return nil, false, nil
}

// runWhatsAppCommand runs "sobat-ikm whatsapp link|status|unlink".
func runWhatsAppCommand(ctx context.Context, opts options, args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	fmt.Fprintln(stderr, "sobat-ikm whatsapp: not built yet")
	return 2
}
