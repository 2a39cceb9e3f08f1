package locales

import (
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// fieldsOf returns the sorted {{.Field}} names a template uses.
func fieldsOf(t *testing.T, id, text string) []string {
	t.Helper()
	trees, err := parse.Parse(id, text, "{{", "}}")
	if err != nil {
		t.Fatalf("message %q: bad template: %v", id, err)
	}
	seen := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			seen[strings.Join(n.Ident, ".")] = true
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, tree := range trees {
		walk(tree.Root)
	}
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func loadFile(t *testing.T, name string) map[string]*i18n.Message {
	t.Helper()
	buf, err := fs.ReadFile(files, name)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := i18n.ParseMessageFileBytes(buf, name, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]*i18n.Message{}
	for _, m := range mf.Messages {
		out[m.ID] = m
	}
	return out
}

func forms(m *i18n.Message) []string {
	var out []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func TestCatalogConsistency(t *testing.T) {
	source := loadFile(t, Default+".toml")
	if len(source) == 0 {
		t.Fatal("no Indonesian messages")
	}
	for _, lang := range Languages {
		msgs := loadFile(t, lang+".toml")
		for id, want := range source {
			got, ok := msgs[id]
			if !ok {
				t.Errorf("[%s] missing message %q", lang, id)
				continue
			}
			if got.Other == "" {
				t.Errorf("[%s] message %q has no 'other' form", lang, id)
			}
			wantFields := fieldsOf(t, id, want.Other)
			for _, form := range forms(got) {
				if f := fieldsOf(t, id, form); !slices.Equal(f, wantFields) {
					t.Errorf("[%s] %q fields %v, want %v", lang, id, f, wantFields)
				}
			}
		}
		for id := range msgs {
			if _, ok := source[id]; !ok {
				t.Errorf("[%s] message %q is not in %s.toml", lang, id, Default)
			}
		}
	}
}

func TestTextFallsBackAndRenders(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Text("id", "no_such_message", nil); got != "no_such_message" {
		t.Errorf("unknown id rendered %q", got)
	}
	for _, lang := range Languages {
		if !c.Has(lang, "menu_title") {
			t.Errorf("[%s] menu_title missing", lang)
		}
		if got := c.Text(lang, "menu_title", nil); got == "" || strings.Contains(got, "<no value>") {
			t.Errorf("[%s] menu_title rendered %q", lang, got)
		}
	}
	if c.Text("de", "menu_title", nil) != c.Text("id", "menu_title", nil) {
		t.Error("unsupported language should fall back to Indonesian")
	}
}
