package office

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// OwnerRecord is an owner as officers see it: the row, and the chats it
// reaches the office from, the one that wrote last first.
type OwnerRecord struct {
	Owner    store.Owner
	Contacts []store.Contact
}

// FindOwnerRecord reads the owner's record; an unknown owner is
// store.ErrNotFound.
func (o *Office) FindOwnerRecord(tx store.Reader, id int64) (OwnerRecord, error) {
	owner, err := tx.FindOwnerByID(id)
	if err != nil {
		return OwnerRecord{}, fmt.Errorf("office: %w", err)
	}
	return o.record(tx, owner)
}

// FindOwnerRecords reads the records of the owners f selects, and how
// many owners it selects in all.
func (o *Office) FindOwnerRecords(tx store.Reader, f store.OwnerFilter) ([]OwnerRecord, int, error) {
	owners, total, err := tx.FindOwners(f)
	if err != nil {
		return nil, 0, fmt.Errorf("office: %w", err)
	}
	recs := make([]OwnerRecord, 0, len(owners))
	for _, owner := range owners {
		rec, err := o.record(tx, owner)
		if err != nil {
			return nil, 0, err
		}
		recs = append(recs, rec)
	}
	return recs, total, nil
}

// record completes an owner's record with its chats.
func (o *Office) record(tx store.Reader, owner store.Owner) (OwnerRecord, error) {
	cs, err := tx.FindContactsByOwner(owner.ID)
	if err != nil {
		return OwnerRecord{}, fmt.Errorf("office: %w", err)
	}
	return OwnerRecord{Owner: owner, Contacts: cs}, nil
}

// A Column is one piece of an owner's record as officers read it: a line
// of the command line's card, a column of its list and of the CSV export.
type Column struct {
	Key     string // "regno", "name", ...: how a door picks columns
	Heading string // in the language asked for
	Value   func(r OwnerRecord) string
	// Exact marks digits that a spreadsheet must keep as written (a
	// phone number, an NIB), not read as a number.
	Exact bool
}

// OwnerColumns are every column of an owner's record, in the order
// officers read them, with headings and values in lang.
func (o *Office) OwnerColumns(lang string) []Column {
	t := func(id string) string { return o.cat.Text(lang, id, nil) }
	yesNo := func(b bool) string {
		if b {
			return t("office_yes")
		}
		return t("office_no")
	}
	return []Column{
		{Key: "regno", Heading: t("office_col_regno"), Value: func(r OwnerRecord) string { return r.Owner.RegNo() }},
		{Key: "name", Heading: t("office_col_name"), Value: func(r OwnerRecord) string { return r.Owner.Name }},
		{Key: "business", Heading: t("office_col_business"), Value: func(r OwnerRecord) string { return r.Owner.BusinessName }},
		{Key: "sector", Heading: t("office_col_sector"), Value: func(r OwnerRecord) string { return o.SectorName(lang, r.Owner.Sector) }},
		{Key: "products", Heading: t("office_col_products"), Value: func(r OwnerRecord) string { return r.Owner.Products }},
		{Key: "kecamatan", Heading: t("office_col_kecamatan"), Value: func(r OwnerRecord) string { return r.Owner.Kecamatan }},
		{Key: "address", Heading: t("office_col_address"), Value: func(r OwnerRecord) string { return r.Owner.Address }},
		{Key: "phone", Heading: t("office_col_phone"), Value: func(r OwnerRecord) string { return r.Owner.Phone }, Exact: true},
		{Key: "nib", Heading: t("office_col_nib"), Value: func(r OwnerRecord) string { return r.Owner.NIB }, Exact: true},
		{Key: "binaan", Heading: t("office_col_binaan"), Value: func(r OwnerRecord) string { return yesNo(r.Owner.Binaan) }},
		{Key: "chats", Heading: t("office_col_chats"), Value: func(r OwnerRecord) string { return o.chatsLabel(lang, r.Contacts) }},
		{Key: "language", Heading: t("office_col_language"), Value: func(r OwnerRecord) string { return t("language_name_" + r.Owner.Language) }},
		{Key: "broadcasts", Heading: t("office_col_broadcasts"), Value: func(r OwnerRecord) string { return yesNo(!r.Owner.BroadcastOptOut) }},
		{Key: "consent", Heading: t("office_col_consent"), Value: func(r OwnerRecord) string {
			return o.cat.Text(lang, "office_consent", map[string]any{"Version": r.Owner.ConsentVersion,
				"At": ShowTime(r.Owner.ConsentAt), "Channel": o.ChannelLabel(lang, r.Owner.ConsentChannel)})
		}},
		{Key: "registered", Heading: t("office_col_registered"), Value: func(r OwnerRecord) string { return ShowTime(r.Owner.CreatedAt) }},
		{Key: "updated", Heading: t("office_col_updated"), Value: func(r OwnerRecord) string { return ShowTime(r.Owner.UpdatedAt) }},
	}
}

// SIINasColumns are an owner's record shaped for data entry in SIINas
// (Kemenperin's industry information system): the business's identity,
// its KBLI where known (not asked yet: left empty), where it is, who to
// contact, its sector and products. Headings are SIINas's Indonesian.
func (o *Office) SIINasColumns() []Column {
	t := func(id string) string { return o.cat.Text(locales.Default, id, nil) }
	return []Column{
		{Key: "business", Heading: t("siinas_col_business"), Value: func(r OwnerRecord) string { return r.Owner.BusinessName }},
		{Key: "nib", Heading: t("siinas_col_nib"), Value: func(r OwnerRecord) string { return r.Owner.NIB }, Exact: true},
		{Key: "kbli", Heading: t("siinas_col_kbli"), Value: func(OwnerRecord) string { return "" }},
		{Key: "address", Heading: t("siinas_col_address"), Value: func(r OwnerRecord) string { return r.Owner.Address }},
		{Key: "kecamatan", Heading: t("siinas_col_kecamatan"), Value: func(r OwnerRecord) string { return r.Owner.Kecamatan }},
		{Key: "city", Heading: t("siinas_col_city"), Value: func(OwnerRecord) string { return "Kota Kendari" }},
		{Key: "province", Heading: t("siinas_col_province"), Value: func(OwnerRecord) string { return "Sulawesi Tenggara" }},
		{Key: "name", Heading: t("siinas_col_owner"), Value: func(r OwnerRecord) string { return r.Owner.Name }},
		{Key: "phone", Heading: t("siinas_col_phone"), Value: func(r OwnerRecord) string { return nationalPhone(r.Owner.Phone) }, Exact: true},
		{Key: "sector", Heading: t("siinas_col_sector"), Value: func(r OwnerRecord) string { return o.SectorName(locales.Default, r.Owner.Sector) }},
		{Key: "products", Heading: t("siinas_col_products"), Value: func(r OwnerRecord) string { return r.Owner.Products }},
		{Key: "regno", Heading: t("siinas_col_regno"), Value: func(r OwnerRecord) string { return r.Owner.RegNo() }},
	}
}

// nationalPhone writes +6281234567890 as forms in Indonesia ask for it:
// 081234567890.
func nationalPhone(p string) string {
	if rest, ok := strings.CutPrefix(p, "+62"); ok {
		return "0" + rest
	}
	return p
}

// PickColumns returns the columns named by keys, in that order.
func PickColumns(cols []Column, keys ...string) ([]Column, error) {
	var out []Column
	for _, k := range keys {
		i := slices.IndexFunc(cols, func(c Column) bool { return c.Key == k })
		if i < 0 {
			return nil, errors.New("office: no column " + k)
		}
		out = append(out, cols[i])
	}
	return out, nil
}

// SectorName is a sector's label, or its code when it has none.
func (o *Office) SectorName(lang, code string) string {
	if !IsSector(code) {
		return code
	}
	return o.cat.Text(lang, "sector_"+code, nil)
}

// ChannelLabel is a channel's name for people ("WhatsApp"), in lang; ""
// (the command line or the web console) has one too.
func (o *Office) ChannelLabel(lang, channel string) string {
	switch channel {
	case "":
		return o.cat.Text(lang, "office_channel_none", nil)
	case "console", "telegram", "whatsapp":
		return o.cat.Text(lang, "channel_"+channel, nil)
	}
	return channel
}

// chatsLabel names an owner's chats' channels, the one that wrote last
// first.
func (o *Office) chatsLabel(lang string, cs []store.Contact) string {
	var names []string
	for _, c := range cs {
		names = append(names, o.ChannelLabel(lang, c.Chat.Channel))
	}
	return strings.Join(names, ", ")
}
