package store

import (
	"fmt"
	"strings"
)

// OwnerFilter selects owners; zero fields select all.
//
// (A minimal stand-in for the owners' list of the store's read
// transactions, which replaces it.)
type OwnerFilter struct {
	Kecamatan string // exactly, as stored ("Kadia")
	Sector    string // a sector code ("pangan")
	Binaan    *bool
	// Query is text looked for, regardless of case, in the owner's name,
	// business name and products.
	Query  string
	Offset int
	Limit  int // 0: no limit (and Offset is ignored)
}

// FindOwners returns the owners f selects, in registration order, and how
// many there are in all.
func (tx *Tx) FindOwners(f OwnerFilter) ([]Owner, int, error) {
	where, args := "1 = 1", []any{}
	if f.Kecamatan != "" {
		where, args = where+" AND o.kecamatan = ?", append(args, f.Kecamatan)
	}
	if f.Sector != "" {
		where, args = where+" AND o.sector = ?", append(args, f.Sector)
	}
	if f.Binaan != nil {
		where, args = where+" AND o.binaan = ?", append(args, *f.Binaan)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q)) + "%"
		where += ` AND (LOWER(o.name) LIKE ? ESCAPE '\' OR LOWER(o.business_name) LIKE ? ESCAPE '\' OR LOWER(o.products) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	row, err := tx.queryRow(`SELECT COUNT(*) FROM owners o WHERE `+where, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	var total int
	if err := row.Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("find owners: %w", err)
	}
	q := `SELECT ` + ownerColumns + ` FROM owners o WHERE ` + where + ` ORDER BY o.id`
	if f.Limit > 0 {
		q, args = q+` LIMIT ? OFFSET ?`, append(args, f.Limit, max(f.Offset, 0))
	}
	rows, err := tx.query(q, args...)
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
