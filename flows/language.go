package flows

import (
	"sobat-ikm/flows/understand"
	"sobat-ikm/locales"
)

// languageFlow lets the owner choose Indonesian or English; the choice is
// remembered for the chat and, once registered, for the owner.
func languageFlow() *Flow {
	return &Flow{Name: "language", Short: true, Steps: []*Step{
		choiceStep("choose", "language_help", func(c *conv) { c.say("language_ask") }, languageOptions,
			func(c *conv, lang string) error { return c.setLanguage(lang) }),
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

// setLanguage remembers the chat's (and the owner's) language, says so in
// it, and goes back to where the owner was: the question before the
// language menu, or the current one ("english" typed anywhere).
func (c *conv) setLanguage(lang string) error {
	c.s.Language = lang
	if c.owner != nil {
		if err := c.tx.SetOwnerLanguage(c.owner.ID, lang, c.now); err != nil {
			return err
		}
		c.owner.Language = lang
	}
	c.say("language_set")
	if c.s.Flow == "language" {
		c.resume()
	} else {
		c.askCurrent()
	}
	return nil
}
