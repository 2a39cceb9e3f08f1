package store

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OwnerFilter selects owners for FindOwners. Zero fields select all.
type OwnerFilter struct {
	Kecamatan string // as stored: "Kadia"
	Sector    string // as stored: "pangan"
	Binaan    *bool
	// Query is what an officer types to find an owner: a registration
	// number ("IKM-000123", "ikm 123"); a number, matched as a
	// registration number, an NIB or a phone number in any usual form
	// ("0812-3456-7890", "+62 812 3456 7890"); or else part of the name
	// or business name, whatever its case ("abon", "Wa Ode").
	Query string
	// HasApplication keeps the owners with a certificate application.
	HasApplication bool
	// Offset and Limit page the list (Limit 0: no limit).
	Offset int
	Limit  int
}

// FindOwners returns the owners the filter selects, in registration
// order, and how many it selects in all (whatever Offset and Limit).
// Run in a View, the page and the total come from the same snapshot.
//
// Each filter is served by an index, so that none reads every owner,
// save a text query shorter than 3 characters, which the trigram index
// cannot serve: it is matched with LIKE, owner by owner.
func (tx *queries) FindOwners(f OwnerFilter) ([]Owner, int, error) {
	where, args := ownerWhere(f)
	row, err := tx.queryRow(`SELECT COUNT(*) FROM owners o`+where, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	var total int
	if err := row.Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("find owners: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := tx.query(`SELECT `+ownerColumns+` FROM owners o`+where+` ORDER BY o.id LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	defer rows.Close()
	var out []Owner
	for rows.Next() {
		o, err := scanOwner(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("find owners: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	return out, total, nil
}

// ownerWhere returns the WHERE clause of owners o that f selects ("" for
// all), and its arguments. The clause is built from constant pieces only.
func ownerWhere(f OwnerFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds, args = append(conds, cond), append(args, a...)
	}
	// One index serves the narrowest of these filters (a kecamatan holds
	// fewer owners than a sector, a sector fewer than binaan or not), and
	// the others are checked owner by owner: unary + keeps the planner,
	// which cannot tell them apart without statistics, off their indexes.
	indexed := false
	equal := func(column string, v any) {
		if indexed {
			column = "+" + column
		}
		add(column+` = ?`, v)
		indexed = true
	}
	if f.Kecamatan != "" {
		equal(`o.kecamatan`, f.Kecamatan)
	}
	if f.Sector != "" {
		equal(`o.sector`, f.Sector)
	}
	if f.Binaan != nil {
		equal(`o.binaan`, *f.Binaan)
	}
	if f.HasApplication {
		add(`o.id IN (SELECT a.owner_id FROM applications a WHERE a.owner_id IS NOT NULL)`)
	}
	q := strings.TrimSpace(f.Query)
	switch id, number, isNumber := parseOwnerQuery(q); {
	case q == "":
	case id > 0 && !isNumber: // IKM-000123
		add(`o.id = ?`, id)
	case isNumber:
		// "nib <> ''" lets the partial index owners_nib serve it.
		add(`(o.id = ? OR (o.nib = ? AND o.nib <> '') OR o.phone = ?)`, id, number, phoneForm(number))
	case utf8.RuneCountInString(q) >= 3:
		// A phrase of the trigrams: q anywhere in either column.
		add(`o.id IN (SELECT rowid FROM owners_search WHERE owners_search MATCH ?)`,
			`"`+strings.ReplaceAll(q, `"`, `""`)+`"`)
	default:
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
		add(`(o.name LIKE ? ESCAPE '\' OR o.business_name LIKE ? ESCAPE '\')`, like, like)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// parseOwnerQuery reads a registration number ("IKM-000123": id, with
// isNumber false) or a number, written with spaces, dashes, dots,
// brackets or a leading "+" (its digits, and the id it would be if it
// fits one, with isNumber true).
func parseOwnerQuery(q string) (id int64, digits string, isNumber bool) {
	if len(q) > 3 && strings.EqualFold(q[:3], "IKM") {
		rest := strings.TrimLeft(q[3:], " -")
		if n, err := strconv.ParseInt(rest, 10, 64); err == nil && n > 0 && rest[0] != '+' && rest[0] != '-' {
			return n, "", false
		}
		return 0, "", false
	}
	var b strings.Builder
	for i, r := range q {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '+' && i == 0:
		default:
			return 0, "", false
		}
	}
	if b.Len() == 0 {
		return 0, "", false
	}
	digits = b.String()
	id, _ = strconv.ParseInt(digits, 10, 64) // 0 when it does not fit: no owner has it
	return id, digits, true
}

// phoneForm writes the digits of an Indonesian mobile number as owners'
// phone numbers are stored: "+62" and the number without its leading 0
// ("0812..." and "812..." and "62812..." are all "+62812...").
func phoneForm(digits string) string {
	switch {
	case strings.HasPrefix(digits, "62"):
		return "+" + digits
	case strings.HasPrefix(digits, "0"):
		return "+62" + digits[1:]
	}
	return "+62" + digits
}
