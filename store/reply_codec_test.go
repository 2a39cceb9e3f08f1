package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

// replySamples are replies as the flows write them, and strings that need
// escaping.
var replySamples = []Reply{
	{},
	{Text: "Apa nama usaha Anda?", Step: "register/business"},
	{Text: "Simpan data ini?\nNIB: 9120001234567", Step: "register/confirm", Protect: true,
		Choices: []Choice{{Value: "yes", Label: "Ya, simpan", Style: ChoiceYes}, {Value: "edit", Label: "Ubah"}, {Value: "no", Label: "Batal", Style: ChoiceNo}}},
	{Text: "Nomor HP?", Ask: AskPhone, Step: "register/phone"},
	{Text: "Foto dari pemilik", File: "ab12.jpg", FileType: "image/jpeg"},
	{Text: "<b>&</b> \"kutip\" \\ \t\r\n\x00\x1f \u2028\u2029 emoji 🌶️ aksara ꦲꦏ꧀ꦱꦫ", Choices: []Choice{{Value: "\"", Label: "\\"}}},
	{Text: "bad utf8: \xff\xfe end", Step: "\xc3"},
	{Text: "x", Choices: []Choice{}},
}

// appendReply writes exactly json.Marshal's bytes, and decodeReply reads
// back what json.Unmarshal reads.
func TestReplyCodec(t *testing.T) {
	for i, r := range replySamples {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendReply(nil, r); string(got) != string(want) {
			t.Errorf("sample %d: appendReply\n%s\nwant\n%s", i, got, want)
		}
		checkDecode(t, want)
	}
	for _, body := range []string{
		`{"Text":"case"}`, `{"text":null}`, `{"text":"a","text":"b"}`, `{"text":"\ud83c\udf36"}`, `{"text":"\ud83c"}`,
		` { "text" : "spasi" , "choices" : [ { "value" : "1" , "label" : "a" } ] } `, `{"text":"a","extra":1}`,
		`{"choices":[{"value":"a"},null]}`, `{"protect":false}`, `{"text":"\u00e9\/"}`, `{}`, `[]`, `{"text":"a"`, ``,
	} {
		checkDecode(t, []byte(body))
	}
}

// checkDecode compares decodeReply with json.Unmarshal on body.
func checkDecode(t *testing.T, body []byte) {
	t.Helper()
	var want Reply
	wantErr := json.Unmarshal(body, &want)
	var got Reply
	err := decodeReply(string(body), &got)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, json.Unmarshal's %v", body, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(norm(got), norm(want)) {
		t.Fatalf("%q: decoded %#v, json.Unmarshal %#v", body, got, want)
	}
}

// norm treats an empty choice list as none (json.Unmarshal of "[]" gives
// an empty slice; both render the same).
func norm(r Reply) Reply {
	if len(r.Choices) == 0 {
		r.Choices = nil
	}
	return r
}

func FuzzReplyCodec(f *testing.F) {
	for _, r := range replySamples {
		b, _ := json.Marshal(r)
		f.Add(b, r.Text, r.Step, "label")
	}
	f.Fuzz(func(t *testing.T, body []byte, text, step, label string) {
		checkDecode(t, body)
		r := Reply{Text: text, Step: step, Choices: []Choice{{Value: step, Label: label, Style: text}}}
		want, _ := json.Marshal(r)
		if got := appendReply(nil, r); string(got) != string(want) {
			t.Fatalf("appendReply %q, json.Marshal %q", got, want)
		}
		checkDecode(t, want)
	})
}
