package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed *.toml
var files embed.FS

// Languages are the languages the bot speaks, the default first.
var Languages = []string{"id", "en"}

// Default is the language of a chat that has not chosen one.
const Default = "id"

// Catalog renders messages in the supported languages.
type Catalog struct {
	localizers map[string]*i18n.Localizer
	// plain holds, per language, the messages that have no template
	// fields, rendered once at Load: most replies are made of them.
	plain map[string]map[string]string
}

// Load parses the embedded message files.
func Load() (*Catalog, error) {
	bundle := i18n.NewBundle(language.Indonesian)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(files, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("locales: %w", err)
	}
	var ids []string
	for _, n := range names {
		mf, err := bundle.LoadMessageFileFS(files, n)
		if err != nil {
			return nil, fmt.Errorf("locales: load %s: %w", n, err)
		}
		for _, m := range mf.Messages {
			if !strings.Contains(m.Other, "{{") {
				ids = append(ids, m.ID)
			}
		}
	}
	c := &Catalog{localizers: map[string]*i18n.Localizer{}, plain: map[string]map[string]string{}}
	for _, lang := range Languages {
		l := i18n.NewLocalizer(bundle, lang, Default)
		c.localizers[lang] = l
		c.plain[lang] = map[string]string{}
		for _, id := range ids {
			if s, _ := l.Localize(&i18n.LocalizeConfig{MessageID: id}); s != "" {
				c.plain[lang][id] = s
			}
		}
	}
	return c, nil
}

// Supported reports whether lang is one of Languages.
func (c *Catalog) Supported(lang string) bool {
	_, ok := c.localizers[lang]
	return ok
}

// Text renders the message id in lang with the template data. A message
// missing in lang falls back to Indonesian; an unknown id renders as the id
// itself, which the catalog tests catch.
func (c *Catalog) Text(lang, id string, data map[string]any) string {
	if s, ok := c.plain[lang][id]; ok {
		return s
	}
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[Default]
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if s == "" && err != nil {
		return id
	}
	return s
}

// Has reports whether the message id exists in lang.
func (c *Catalog) Has(lang, id string) bool {
	l, ok := c.localizers[lang]
	if !ok {
		return false
	}
	_, tag, err := l.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id})
	return err == nil && tag.String() == lang
}
