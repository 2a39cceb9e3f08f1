package store

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// OwnerFilter selects owners for officers: every set field must match.
type OwnerFilter struct {
	Kecamatan string
	Sector    string
	Binaan    *bool
	// Query matches a registration number ("IKM-000123", "123"), a phone
	// number, an NIB, or part of the owner's or the business's name.
	Query  string
	Offset int
	Limit  int
}

// FindOwners lists the owners that match f, by registration number, and
// how many match in all.
func (tx *Tx) FindOwners(f OwnerFilter) ([]Owner, int, error) {
	where, args := ownerWhere(f)
	row, err := tx.queryRow(`SELECT COUNT(*) FROM owners o WHERE `+where, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	var total int
	if err := row.Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := tx.query(`SELECT `+ownerColumns+` FROM owners o WHERE `+where+` ORDER BY o.id LIMIT ? OFFSET ?`,
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

// ownerWhere is f as a WHERE clause over owners o.
func ownerWhere(f OwnerFilter) (string, []any) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.Kecamatan != "" {
		conds, args = append(conds, "o.kecamatan = ?"), append(args, f.Kecamatan)
	}
	if f.Sector != "" {
		conds, args = append(conds, "o.sector = ?"), append(args, f.Sector)
	}
	if f.Binaan != nil {
		conds, args = append(conds, "o.binaan = ?"), append(args, *f.Binaan)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		c, a := queryCondition(q)
		conds, args = append(conds, c), append(args, a...)
	}
	return strings.Join(conds, " AND "), args
}

// queryCondition reads what an officer typed to find an owner.
func queryCondition(q string) (string, []any) {
	upper := strings.ToUpper(strings.ReplaceAll(q, " ", ""))
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, q)
	switch {
	case strings.HasPrefix(upper, "IKM-") || strings.HasPrefix(upper, "IKM"):
		if id, err := strconv.ParseInt(strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(upper, "IKM"), "-"), "0"), 10, 64); err == nil {
			return "o.id = ?", []any{id}
		}
	case len(digits) == 13 && len(digits) == len(upper):
		return "o.nib = ?", []any{digits}
	case len(digits) >= 9 && len(digits) <= 15 && len(digits)+4 >= len(upper):
		phone := digits
		switch {
		case strings.HasPrefix(phone, "0"):
			phone = "62" + phone[1:]
		case strings.HasPrefix(phone, "8"):
			phone = "62" + phone
		}
		return "o.phone = ?", []any{"+" + phone}
	case digits != "" && len(digits) == len(upper) && len(digits) <= 7:
		id, _ := strconv.ParseInt(digits, 10, 64)
		return "o.id = ?", []any{id}
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
	return `(lower(o.name) LIKE ? ESCAPE '\' OR lower(o.business_name) LIKE ? ESCAPE '\')`, []any{like, like}
}

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

var _ rowScanner = (*sql.Row)(nil)
