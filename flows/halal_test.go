package flows

import (
	"context"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

func TestProductOf(t *testing.T) {
	for in, want := range map[string]store.Product{
		"Abon ikan cakalang, merek Sitti, bahan ikan cakalang, bawang, gula": {Name: "Abon ikan cakalang", Brand: "Sitti", Ingredients: "ikan cakalang, bawang, gula"},
		"Abon ikan tuna bahan tuna, bawang putih":                            {Name: "Abon ikan tuna", Ingredients: "tuna, bawang putih"},
		"Kue bagea, bahannya: sagu, kenari":                                  {Name: "Kue bagea", Ingredients: "sagu, kenari"},
		"Keripik pisang":                                                     {Name: "Keripik pisang"},
		"Sambal roa brand Mama, ingredients roa fish, chili":                 {Name: "Sambal roa", Brand: "Mama", Ingredients: "roa fish, chili"},
	} {
		if got := productOf(in); got != want {
			t.Errorf("productOf(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// An owner who agreed to the notice before it named BPJPH and Kemenperin
// is asked to agree to the new one before a first application; the new
// version is recorded.
func TestApplyAsksForTheNewConsent(t *testing.T) {
	ctx := context.Background()
	e, db := engineOnDB(t)
	chat := store.ChatKey{Channel: "console", Address: "ani"}
	now := time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)
	o := store.Owner{Name: "Ani", BusinessName: "Abon Ani", Sector: "pangan", Products: "abon", Kecamatan: "Kadia",
		Address: "Jl. Bunggasi 1", Phone: "+6281234567890", Language: "id", ConsentVersion: "pdp-2026-11-v1",
		ConsentAt: now.Add(-time.Hour), ConsentChannel: "console"}
	say := func(text string) string {
		t.Helper()
		var reply store.Reply
		err := db.Update(ctx, func(tx *store.Tx) (err error) {
			reply, err = e.Handle(tx, chat, Input{Text: text, At: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return reply.Text
	}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateOwner(&o, chat, now) }); err != nil {
		t.Fatal(err)
	}
	say("halo")
	if got := say("2"); !strings.Contains(got, "BPJPH") || !strings.Contains(got, "Apakah Anda setuju?") {
		t.Fatalf("first application of an owner on the old notice:\n%s", got)
	}
	if got := say("1"); !strings.Contains(got, "1/5.") {
		t.Fatalf("after agreeing:\n%s", got)
	}
	db.View(ctx, func(tx *store.ReadTx) error {
		got, err := tx.FindOwnerByChat(chat)
		if err != nil || got.ConsentVersion != ConsentVersion || !got.ConsentAt.Equal(now) {
			t.Errorf("consent %q at %v (%v), want %q at %v", got.ConsentVersion, got.ConsentAt, err, ConsentVersion, now)
		}
		return nil
	})
}
