package flows

import (
	"sobat-ikm/flows/understand"
	"sobat-ikm/locales"
)

// languageFlow lets the owner choose Indonesian or English; the choice is
// remembered for the chat and, once registered, for the owner.
func languageFlow() *Flow {
	return &Flow{Name: "language", Steps: []*Step{
		{Name: "choose", Ask: askLanguage, Answer: answerLanguage, Help: "language_help"},
	}}
}

func languageOptions(c *conv) []understand.Option {
	synonyms := map[string][]string{
		"id": {"indonesia", "bahasa indonesia", "indo", "indonesian", "id"},
		"en": {"english", "inggris", "bahasa inggris", "en"},
	}
	opts := make([]understand.Option, 0, len(locales.Languages))
	for _, lang := range locales.Languages {
		opts = append(opts, understand.Option{Value: lang, Label: c.t("language_name_" + lang), Synonyms: synonyms[lang]})
	}
	return opts
}

func askLanguage(c *conv) {
	c.say("language_ask")
	c.offerOptions(languageOptions(c))
}

func answerLanguage(c *conv, in Input) error {
	opts := languageOptions(c)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	if err := c.switchLanguage(opts[i].Value); err != nil {
		return err
	}
	c.resume()
	return nil
}

// switchLanguage remembers the chat's (and the owner's) language and says so.
func (c *conv) switchLanguage(lang string) error {
	c.s.Language = lang
	if c.owner != nil {
		if err := c.tx.SetOwnerLanguage(c.owner.ID, lang, c.now); err != nil {
			return err
		}
		c.owner.Language = lang
	}
	c.say("language_set")
	return nil
}

// setLanguage switches language where the owner is ("english" typed
// anywhere) and asks the current question again in it.
func (c *conv) setLanguage(lang string) error {
	if c.s.Flow == "language" {
		if err := c.switchLanguage(lang); err != nil {
			return err
		}
		c.resume()
		return nil
	}
	if err := c.switchLanguage(lang); err != nil {
		return err
	}
	c.askCurrent()
	return nil
}

// askedLanguage is the language a message asks to be spoken to in ("can
// we speak english?", "pakai bahasa indonesia saja"), or "".
func askedLanguage(norm string) string {
	switch {
	case hasAny(norm, "in english", "speak english", "english please", "english pls", "bahasa inggris", "pakai inggris"):
		return "en"
	case hasAny(norm, "bahasa indonesia", "in indonesian", "speak indonesian", "pakai indonesia"):
		return "id"
	}
	return ""
}

// namedLanguage is the language a message names ("english", "bahasa
// indonesia"), or "".
func namedLanguage(norm string) string {
	switch {
	case hasAny(norm, "english", "inggris", "bahasa inggris"):
		return "en"
	case hasAny(norm, "indonesia", "bahasa indonesia", "indonesian"):
		return "id"
	}
	return ""
}
