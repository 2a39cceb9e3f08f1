package understand

import (
	"strconv"
	"strings"
)

// moneyZero are answers meaning "nothing": "tidak ada", "gak ada", "nol".
var moneyZero = map[string]bool{
	"tidak ada": true, "tdk ada": true, "gak ada": true, "ga ada": true, "nggak ada": true, "ngga ada": true,
	"enggak ada": true, "gk ada": true, "kosong": true, "nol": true, "none": true, "nothing": true, "tidak": true,
}

// ParseMoney reads an amount of rupiah typed the Indonesian way: "2,5 jt",
// "Rp15.000.000", "Rp 750.000,-", "Rp2.500.000,00", "Rp 300rb/bln",
// "1.500.000 per bulan", "750rb", "750 ribu", "1,2 juta",
// "sejuta", "15 juta rupiah", "2jtan", "sekitar 3 juta", "0", "tidak
// ada" (0). Anything else, a negative amount or a fraction of a rupiah
// gives ErrMoney.
func ParseMoney(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "\u2212") {
		return 0, ErrMoney
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, ",-"), ".-")
	for _, per := range []string{"per bulan", "perbulan", "per bln", "/bulan", "/bln", "sebulan", "tiap bulan", "per month", "a month", "/month"} {
		t = strings.TrimSpace(strings.TrimSuffix(t, per))
	}
	if strings.HasSuffix(t, ",00") || strings.HasSuffix(t, ".00") && strings.Count(t, ".") == 1 {
		t = t[:len(t)-3] // "Rp2.500.000,00": no sen
	}
	norm := Normalize(t)
	if moneyZero[norm] {
		return 0, nil
	}
	words := strings.Fields(norm)
	for len(words) > 1 && (words[len(words)-1] == "rupiah" || words[len(words)-1] == "an") {
		words = words[:len(words)-1]
	}
	if n := len(words); n > 0 {
		// "2jtan", "750rban", "3 jutaan": about that much.
		if w, ok := strings.CutSuffix(words[n-1], "an"); ok && w != "" {
			if _, scale := numWords[strings.TrimLeft(w, "0123456789.,")]; scale {
				words[n-1] = w
			}
		}
	}
	n, ok := Number(strings.Join(words, " "))
	if !ok {
		return 0, ErrMoney
	}
	return int64(n), nil
}

// FormatRupiah writes an amount the Indonesian way: Rp15.000.000.
func FormatRupiah(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	d := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range len(d) {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(d[i])
	}
	return sign + "Rp" + b.String()
}
