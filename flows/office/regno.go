package office

import (
	"errors"
	"strconv"
	"strings"
)

// ErrBadRegNo is returned for text that is not a registration number.
var ErrBadRegNo = errors.New("office: not a registration number (IKM-000123)")

// ParseRegNo reads an owner's registration number as officers and owners
// write it: "IKM-000123", "ikm 123", "IKM000123" or "123". It returns the
// owner's id (store.Owner.RegNo is the other way).
func ParseRegNo(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 3 && strings.EqualFold(s[:3], "IKM") {
		s = strings.TrimLeft(s[3:], " -")
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, ErrBadRegNo
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrBadRegNo
	}
	return id, nil
}
