// Package locales holds every user-facing string of Sobat IKM as go-i18n
// message files, embedded in the binary: id.toml (Indonesian, the default
// and the source of truth) and en.toml (English).
//
// Message ids are snake_case and grouped by prefix (menu_, register_,
// mydata_, ...). Template fields use {{.Field}}. TestCatalogConsistency
// fails when an id is missing in a language or a translation's template
// fields differ from the Indonesian original.
package locales
