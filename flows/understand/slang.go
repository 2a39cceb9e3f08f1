package understand

// slang maps one informal chat word to its standard form (which may be two
// words). An empty value drops the word: polite address and particles that
// carry no meaning for matching. Values must be fixed points: no value word
// is itself a key (TestSlangValuesAreFixedPoints checks this), so Normalize
// is idempotent.
var slang = map[string]string{
	// saya
	"sy": "saya", "sya": "saya", "aku": "saya", "aq": "saya", "gw": "saya", "gue": "saya",
	// belum
	"blm": "belum", "belom": "belum", "blum": "belum", "blom": "belum", "lum": "belum",
	// tidak
	"gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak", "nggk": "tidak",
	"ngak": "tidak", "ngk": "tidak", "enggak": "tidak", "engga": "tidak", "ndak": "tidak", "nda": "tidak",
	"ndk": "tidak", "tdk": "tidak", "tdak": "tidak", "tidk": "tidak", "tiak": "tidak", "tida": "tidak",
	"kagak": "tidak", "gx": "tidak",
	// sudah
	"udh": "sudah", "udah": "sudah", "sdh": "sudah", "dah": "sudah", "sudh": "sudah", "uda": "sudah",
	"sdah": "sudah", "udha": "sudah",
	// common words
	"yg": "yang", "dftr": "daftar", "regis": "daftar", "daptar": "daftar", "tlg": "tolong", "tlong": "tolong",
	"utk": "untuk", "untk": "untuk", "dgn": "dengan", "dg": "dengan", "aja": "saja", "ajah": "saja", "aj": "saja",
	"jg": "juga", "jga": "juga", "skrg": "sekarang", "skrng": "sekarang", "skg": "sekarang",
	"klo": "kalau", "kalo": "kalau", "kl": "kalau", "gmn": "bagaimana", "gimana": "bagaimana",
	"gmna": "bagaimana", "bgmn": "bagaimana", "gmana": "bagaimana", "brp": "berapa", "kpn": "kapan",
	"mo": "mau", "pengen": "mau", "pingin": "mau", "ingin": "mau", "pgn": "mau", "pengin": "mau",
	"kepengen": "mau", "knp": "kenapa", "napa": "kenapa", "dmn": "dimana", "krn": "karena", "karna": "karena",
	"krna": "karena", "lg": "lagi", "tp": "tapi", "bs": "bisa", "bsa": "bisa", "org": "orang", "dr": "dari",
	"sm": "sama", "dlu": "dulu", "dl": "dulu", "tau": "tahu", "emg": "memang", "bgt": "banget", "pake": "pakai",
	"gitu": "begitu", "gini": "begini", "blh": "boleh", "bnr": "benar", "btl": "betul", "stuju": "setuju",
	"stj": "setuju", "jgn": "jangan", "iy": "iya", "yaudah": "ya sudah", "nmr": "nomor", "nomer": "nomor",
	"nmor": "nomor", "jl": "jalan", "jln": "jalan", "tgl": "tanggal", "thn": "tahun", "bln": "bulan",
	"hrs": "harus", "sblm": "sebelum", "stlh": "setelah", "sampe": "sampai", "kyk": "seperti", "kayak": "seperti",
	"gpp": "tidak apa apa", "jd": "jadi", "jdi": "jadi", "bnyk": "banyak", "byk": "banyak", "sdg": "sedang", "lgi": "lagi",
	"makasih": "terima kasih", "makasi": "terima kasih", "trims": "terima kasih", "trimakasih": "terima kasih",
	"terimakasih": "terima kasih", "tq": "terima kasih", "thx": "terima kasih", "mksh": "terima kasih",
	"mks": "terima kasih", "tks": "terima kasih",
	// polite address and particles (dropped)
	"pak": "", "pk": "", "bpk": "", "bu": "", "kak": "", "ka": "", "mas": "", "mbak": "", "mba": "", "dik": "",
	"dek": "", "bang": "", "mi": "", "ji": "", "toh": "", "dong": "", "deh": "", "sih": "",
}

// noRedup lists words that stay as they are when followed by "2", so that
// "no2" and "ke2" still mean "number 2" instead of a reduplication.
var noRedup = map[string]bool{
	"ke": true, "no": true, "nomor": true, "nomer": true, "nmr": true, "opsi": true, "pilih": true,
	"pilihan": true, "angka": true, "option": true, "number": true, "num": true, "yang": true, "yg": true,
}
