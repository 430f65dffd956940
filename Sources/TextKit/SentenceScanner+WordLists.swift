// The abbreviation and sentence-starter word lists.
extension SentenceScanner {
    static let amHash = UTF8Scan.asciiLowerHash("a.m")
    static let pmHash = UTF8Scan.asciiLowerHash("p.m")
    static let ieHash = UTF8Scan.asciiLowerHash("i.e")
    static let egHash = UTF8Scan.asciiLowerHash("e.g")

    /// 1: title (never ends a sentence before a capitalized word), 2: ambiguous (ends one
    /// only before a common sentence starter), 3: used before numbers (`p. 55`, `No. 5`).
    static let abbreviations: HashMap64 = {
        var table = HashMap64(capacity: 256)
        let titles = """
            mr mrs ms messrs mmes mme mlle dr prof gen sen rep reps gov capt cpt lt col maj sgt cpl pvt pfc spc adm cmdr cdr ens \
            brig rev hon pres supt det insp atty amb mt ft fr vs v cf viz sra sr\u{00E9} srta
            """
        let ambiguous = """
            co corp inc ltd llc plc bros jr sr st ste etc al esp ave blvd rd hwy ln dept univ assn est \
            jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun \
            min max misc ca approx govt intl natl mfg
            """
        let numbers = "no nos nr n\u{00B0} n\u{00BA} p pp vol vols ch chap art sec para pt eq ed eds op ref tel ext fig figs ll"
        for word in titles.split(separator: " ") { table.set(UTF8Scan.asciiLowerHash(String(word)), 1) }
        for word in ambiguous.split(separator: " ") { table.set(UTF8Scan.asciiLowerHash(String(word)), 2) }
        for word in numbers.split(separator: " ") { table.set(UTF8Scan.asciiLowerHash(String(word)), 3) }
        return table
    }()

    /// Capitalized words that commonly open an English sentence.
    static let starters: HashMap64 = {
        var table = HashMap64(capacity: 128)
        let words = """
            the a an this that these those there here it its he she they we i you his her their our my your \
            but and or so yet if when while after before as at in on for from by with what who whom whose why \
            how where which no not yes however then also one some many most all both each such meanwhile \
            today yesterday now still even only later since because although though once
            """
        for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table.set(UTF8Scan.asciiLowerHash(String(word)), 1) }
        return table
    }()
}
