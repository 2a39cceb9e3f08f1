package understand

import "errors"

// Sentinel errors. Compare them with errors.Is; the caller turns them into
// a message in the owner's language.
var (
	// ErrTooLong: the answer has more runes than allowed.
	ErrTooLong = errors.New("understand: too long")
	// ErrTooShort: the answer has fewer runes than required.
	ErrTooShort = errors.New("understand: too short")
	// ErrEmpty: the answer has no letter or digit at all.
	ErrEmpty = errors.New("understand: empty")
	// ErrNotAName: the answer does not look like a person's or business name.
	ErrNotAName = errors.New("understand: not a name")
	// ErrNotAnswer: the answer is only yes/no (or "don't know") where
	// free text was asked for.
	ErrNotAnswer = errors.New("understand: not an answer")
	// ErrPhoneFormat: not an Indonesian mobile number.
	ErrPhoneFormat = errors.New("understand: not a mobile number")
	// ErrPhoneLandline: a fixed-line number (such as Kendari's 0401).
	ErrPhoneLandline = errors.New("understand: landline number")
	// ErrNIBLength: digits were typed, but not 13. The concrete error is a
	// NIBLengthError that tells how many.
	ErrNIBLength = errors.New("understand: NIB must have 13 digits")
	// ErrNIBFormat: the NIB answer holds letters or other characters.
	ErrNIBFormat = errors.New("understand: NIB must be digits")
	// ErrNIKLength: digits were typed, but not 16. The concrete error is a
	// NIKLengthError that tells how many.
	ErrNIKLength = errors.New("understand: NIK must have 16 digits")
	// ErrNIKFormat: the NIK answer holds letters or other characters.
	ErrNIKFormat = errors.New("understand: NIK must be digits")
	// ErrNIKInvalid: 16 digits that cannot be a NIK (no such region, no
	// such birth date, serial 0000).
	ErrNIKInvalid = errors.New("understand: not a possible NIK")
	// ErrMoney: not an amount of rupiah.
	ErrMoney = errors.New("understand: not an amount of money")
)
