/// Offline language detection: script detection first, then function-word and trigram
/// profiles for languages that share a script (Latin: en, es, fr, de, pt, it, tr, id; Arabic:
/// ar, fa, ur). Scripts that identify a language on their own: Hebrew (he), Devanagari (hi),
/// Cyrillic (ru), Han (zh), Han with kana (ja), Hangul (ko), Greek (el), Thai (th).
///
/// The detector looks at the first 4,000 Unicode scalars at most, so it is cheap on long texts.
public struct LanguageDetector: Sendable {
    /// The languages whose profiles are built in.
    public static let languages = ["en", "ar", "ur", "fa", "hi", "es", "fr", "de", "pt", "it", "tr", "id", "ru", "zh", "ja", "he"]

    /// Creates a detector.
    public init() {}

    private enum Script: Int, CaseIterable {
        case latin, arabic, hebrew, devanagari, cyrillic, han, kana, hangul, greek, thai
    }

    private static func script(of s: Unicode.Scalar) -> Script? {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return s.value == 0xD7 || s.value == 0xF7 ? nil : .latin
        case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
        case 0x0590...0x05FF, 0xFB1D...0xFB4F: return .hebrew
        case 0x0900...0x097F: return .devanagari
        case 0x0400...0x04FF: return .cyrillic
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: return .kana
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return .han
        case 0xAC00...0xD7AF, 0x1100...0x11FF: return .hangul
        case 0x0370...0x03FF: return .greek
        case 0x0E00...0x0E7F: return .thai
        default: return nil
        }
    }

    /// The most likely language of `text`, or `nil` when there is too little text to tell.
    public func detect(_ text: String) -> DetectedLanguage? {
        var counts = [Int](repeating: 0, count: Script.allCases.count)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(4000, text.utf8.count))
        for s in text.unicodeScalars {
            if scalars.count >= 4000 { break }
            scalars.append(s)
            // Arabic-script digits and punctuation are not letters.
            if let script = Self.script(of: s), script != .arabic || s.properties.isAlphabetic { counts[script.rawValue] += 1 }
        }
        let letters = counts.reduce(0, +)
        guard letters >= 2 else { return nil }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
        let share = Double(counts[best]) / Double(letters)
        let kana = counts[Script.kana.rawValue], han = counts[Script.han.rawValue]
        if (best == Script.han.rawValue || best == Script.kana.rawValue) {
            let cjk = Double(kana + han) / Double(letters)
            return kana > 0 && Double(kana) >= 0.1 * Double(kana + han)
                ? DetectedLanguage(code: "ja", confidence: cjk) : DetectedLanguage(code: "zh", confidence: cjk)
        }
        switch Script(rawValue: best)! {
        case .hebrew: return DetectedLanguage(code: "he", confidence: share)
        case .devanagari: return DetectedLanguage(code: "hi", confidence: share)
        case .cyrillic: return DetectedLanguage(code: "ru", confidence: share)
        case .hangul: return DetectedLanguage(code: "ko", confidence: share)
        case .greek: return DetectedLanguage(code: "el", confidence: share)
        case .thai: return DetectedLanguage(code: "th", confidence: share)
        case .arabic: return Self.rank(scalars, LanguageProfiles.arabic, letterWeight: 1.0, share: share, fallback: "ar")
        case .latin: return Self.rank(scalars, LanguageProfiles.latin, letterWeight: 1.5, share: share, fallback: nil)
        case .han, .kana: return nil  // handled above
        }
    }

    /// Scores profiles of one script: 2 per function word, 0.25 per trigram, `letterWeight`
    /// per distinctive letter. The confidence is the winner's margin over the runner-up,
    /// scaled by the script's share of the letters.
    private static func rank(_ scalars: [Unicode.Scalar], _ profiles: [LanguageProfile], letterWeight: Double, share: Double, fallback: String?) -> DetectedLanguage? {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for s in scalars {
            if s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark {
                let lower = s.properties.lowercaseMapping.unicodeScalars
                current.append(lower.count == 1 ? lower.first! : s)
            } else {
                flush()
            }
        }
        flush()
        var scores = [Double](repeating: 0, count: profiles.count)
        for word in words {
            for (i, p) in profiles.enumerated() where p.stopWords.contains(word) { scores[i] += 2 }
            let padded = Array((" " + word + " ").unicodeScalars)
            if padded.count >= 3 {
                for k in 0...(padded.count - 3) {
                    var gram = String.UnicodeScalarView()
                    gram.append(padded[k]); gram.append(padded[k + 1]); gram.append(padded[k + 2])
                    let g = String(gram)
                    for (i, p) in profiles.enumerated() where p.trigrams.contains(g) { scores[i] += 0.25 }
                }
            }
        }
        for s in scalars {
            let lower = s.properties.lowercaseMapping.unicodeScalars
            let l = lower.count == 1 ? lower.first! : s
            for (i, p) in profiles.enumerated() where p.letters.contains(l) || p.letters.contains(s) { scores[i] += letterWeight }
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let top = scores[order[0]]
        guard top > 0 else { return fallback.map { DetectedLanguage(code: $0, confidence: 0.3 * share) } }
        let second = order.count > 1 ? scores[order[1]] : 0
        let margin = (top - second) / top
        // Little evidence (a word or two without function words) means little confidence.
        let evidence = min(1, top / 4)
        return DetectedLanguage(code: profiles[order[0]].code, confidence: min(1, (0.5 + 0.5 * margin) * share * evidence))
    }
}
