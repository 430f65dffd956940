import Foundation
@testable import TextKit

/// The rules that define each ``FoldMode``, and the builder that turns them into the compiled
/// table `Sources/TextKit/CaseFoldingTable.swift` (`scripts/build_fold_table.sh`).
///
/// Source: the Unicode Character Database 16.0 as this Swift runtime carries it (general
/// categories, simple and full lowercase mappings, canonical decompositions through
/// Foundation), licensed under the Unicode License v3 (https://www.unicode.org/license.txt).
/// The letters spelled out in ``phraseOverrides`` (ß, æ, œ, ø, ł, đ, ð, þ, ı) follow CLDR's
/// Latin-ASCII transform (same licence); the Arabic-script letter variants and punctuation are
/// the project's own, for matching phrases written with either form.
/// `CaseFoldingTableTests` fails while the committed table differs from what these rules give.
enum CaseFoldingRules {
    /// What `scalar` folds to in `mode`: `[]` drops it; at most two scalars are kept.
    static func fold(_ scalar: UInt32, _ mode: FoldMode) -> [UInt32] {
        switch mode {
        case .phrase: return Array(phrase(scalar).prefix(2))
        case .word: return word(scalar).map { [$0] } ?? []
        case .name: return [name(scalar)]
        case .width: return width(scalar).map { $0.map { [$0] } ?? [] } ?? [scalar]
        }
    }

    /// The Unicode simple lowercase mapping of `scalar` (itself when it has none).
    static func simpleLowercase(_ scalar: UInt32) -> UInt32 {
        guard let unicodeScalar = Unicode.Scalar(scalar) else { return scalar }
        let lowercase = unicodeScalar.properties.lowercaseMapping.unicodeScalars
        return lowercase.count == 1 ? lowercase.first!.value : scalar
    }

    // MARK: phrase

    /// Letters spelled out or unified for phrase matching, and punctuation read as ASCII.
    static let phraseOverrides: [UInt32: [UInt32]] = [
        // CLDR Latin-ASCII: ß ø Ø ł Ł đ Đ ð Ð æ Æ œ Œ ı þ Þ; and final sigma as sigma.
        0xDF: [0x73, 0x73], 0xF8: [0x6F], 0xD8: [0x6F], 0x142: [0x6C], 0x141: [0x6C], 0x111: [0x64], 0x110: [0x64],
        0xF0: [0x64], 0xD0: [0x64], 0xE6: [0x61, 0x65], 0xC6: [0x61, 0x65], 0x153: [0x6F, 0x65], 0x152: [0x6F, 0x65],
        0x131: [0x69], 0x3C2: [0x3C3], 0xFE: [0x74, 0x68], 0xDE: [0x74, 0x68],
        // Arabic-script letter variants: Farsi/Urdu yeh, alef maksura, yeh with hamza → yeh;
        // keheh → kaf; teh marbuta, heh goal, heh doachashmee → heh; alef with hamza or madda → alef.
        0x6CC: [0x64A], 0x649: [0x64A], 0x626: [0x64A], 0x6D2: [0x64A], 0x6D0: [0x64A],
        0x6A9: [0x643], 0x6AA: [0x643],
        0x629: [0x647], 0x6C1: [0x647], 0x6BE: [0x647], 0x6C0: [0x647], 0x6D5: [0x647], 0x6C2: [0x647],
        0x623: [0x627], 0x625: [0x627], 0x622: [0x627], 0x671: [0x627], 0x624: [0x648],
        0x640: [],  // tatweel
        // Arabic, Devanagari, Armenian and Hebrew punctuation as ASCII.
        0x60C: [0x2C], 0x61B: [0x3B], 0x61F: [0x3F], 0x6D4: [0x2E], 0x964: [0x2E], 0x965: [0x2E],
        0x589: [0x2E], 0x5BE: [0x2D], 0x5F3: [0x27], 0x5F4: [0x22],
        // No-break space; soft hyphen, grapheme joiner, Arabic letter mark, Mongolian vowel separator.
        0xA0: [0x20], 0xAD: [], 0x34F: [], 0x61C: [], 0x180E: [],
        // Guillemets as quotes; inverted ! and ? dropped.
        0xAB: [0x22], 0xBB: [0x22], 0xA1: [], 0xBF: [],
    ]

    /// Phrase matching. Below U+2000 (scripts with case and diacritics): canonical decomposition,
    /// full lowercase, marks dropped. From U+2000 on (punctuation, symbols, CJK): typographic
    /// punctuation to ASCII, symbols and emoji dropped, the first scalar of the full lowercase.
    static func phrase(_ scalar: UInt32) -> [UInt32] {
        scalar < 0x2000 ? phraseBelow2000(scalar) : phraseFrom2000(scalar)
    }

    static func phraseBelow2000(_ codePoint: UInt32) -> [UInt32] {
        if codePoint < 0x80 {
            var folded = codePoint
            if folded >= 0x41 && folded <= 0x5A { folded += 0x20 }
            if folded == 0x09 || folded == 0x0B || folded == 0x0C || folded == 0x0D { folded = 0x20 }
            if folded < 0x20 && folded != 0x0A { return [0x20] }
            return [folded]
        }
        guard let scalar = Unicode.Scalar(codePoint) else { return [] }
        if let override = phraseOverrides[codePoint] { return override }
        if codePoint >= 0x660 && codePoint <= 0x669 { return [codePoint - 0x660 + 0x30] }  // Arabic-Indic digits
        if codePoint >= 0x6F0 && codePoint <= 0x6F9 { return [codePoint - 0x6F0 + 0x30] }  // Extended Arabic-Indic digits
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return []
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return [0x20]
        case .otherSymbol: return []
        default:
            var out: [UInt32] = []
            for part in String(Character(scalar)).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
                let category = part.properties.generalCategory
                if category == .nonspacingMark || category == .enclosingMark { continue }
                if let override = phraseOverrides[part.value] { out += override } else { out.append(part.value) }
            }
            return out
        }
    }

    static func phraseFrom2000(_ scalar: UInt32) -> [UInt32] {
        switch scalar {
        case 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return [0x20]
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFE00...0xFE0F, 0xFEFF, 0xE0000...0xE007F: return []
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return [0x2D]
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: return [0x27]
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x300C, 0x300D, 0x300E, 0x300F: return [0x22]
        case 0x2026: return [0x2E]
        case 0x3001, 0xFF64: return [0x2C]
        case 0x3002, 0xFF61: return [0x2E]
        case 0xFF01...0xFF5E:
            var folded = scalar - 0xFEE0
            if folded >= 0x41 && folded <= 0x5A { folded += 0x20 }
            return [folded]
        // Emoji, arrows, technical symbols, enclosed alphanumerics, shapes, dingbats.
        case 0x1F000...0x1FAFF, 0x2190...0x21FF, 0x2300...0x23FF, 0x2460...0x24FF, 0x25A0...0x27BF, 0x2900...0x297F,
             0x2B00...0x2BFF, 0x3030, 0x303D, 0x3297, 0x3299:
            return []
        default:
            guard let unicodeScalar = Unicode.Scalar(scalar) else { return [] }
            let properties = unicodeScalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .otherSymbol, .privateUse, .surrogate: return []
            case .spaceSeparator: return [0x20]
            default:
                if properties.changesWhenLowercased, let lowercase = properties.lowercaseMapping.unicodeScalars.first {
                    return [lowercase.value]
                }
                return [scalar]
            }
        }
    }

    // MARK: word

    /// The blocks whose letters are lowercased for word keys: Latin-1 capitals, Latin
    /// Extended-A, Greek capitals with tonos (Ά Έ Ή Ί) and without, basic Cyrillic.
    static let wordLowercased: [ClosedRange<UInt32>] = [0xC0...0xDE, 0x100...0x17F, 0x386...0x38A, 0x391...0x3A9, 0x400...0x42F]

    /// Word keys: `nil` drops the scalar.
    static func word(_ scalar: UInt32) -> UInt32? {
        if scalar < 0x80 { return (scalar >= 0x41 && scalar <= 0x5A) ? scalar | 0x20 : scalar }
        switch scalar {
        case 0x130, 0x131: return 0x69  // İ ı
        case 0x3C2: return 0x3C3  // final sigma
        case 0x640, 0x64B...0x652, 0x670: return nil  // tatweel, harakat, superscript alef
        case 0x622, 0x623, 0x625, 0x671: return 0x627  // alef variants
        case 0x649, 0x6CC: return 0x64A  // alef maksura, Farsi yeh
        case 0x6A9: return 0x643  // keheh
        case 0x629: return 0x647  // teh marbuta
        case 0x591...0x5BD, 0x5BF, 0x5C1, 0x5C2, 0x5C4, 0x5C5, 0x5C7: return nil  // Hebrew points
        case 0x2019, 0x2018, 0x02BC: return 0x27
        case 0x200B...0x200F, 0xFE0F: return nil
        case 0xFF21...0xFF3A: return scalar - 0xFEE0 + 0x20  // fullwidth capitals
        case 0xFF10...0xFF19, 0xFF41...0xFF5A: return scalar - 0xFEE0  // fullwidth digits and small letters
        default:
            return wordLowercased.contains { $0.contains(scalar) } ? simpleLowercase(scalar) : scalar
        }
    }

    // MARK: name

    /// The blocks whose letters are lowercased for name look-ups.
    static let nameLowercased: [ClosedRange<UInt32>] = [0x41...0x5A, 0xC0...0xDE, 0x100...0x17F, 0x386...0x3A9, 0x400...0x42F]

    /// Name look-ups: never drops.
    static func name(_ scalar: UInt32) -> UInt32 {
        if scalar == 0x130 { return 0x131 }  // İ → ı, as the compiled lexicon was hashed
        return nameLowercased.contains { $0.contains(scalar) } ? simpleLowercase(scalar) : scalar
    }

    // MARK: width

    /// Width and spacing variants: `nil` keeps the scalar, `.some(nil)` drops it.
    static func width(_ scalar: UInt32) -> UInt32?? {
        switch scalar {
        case 0xA0, 0x2000...0x200A, 0x202F, 0x3000: return 0x20  // no-break, typographic, narrow, ideographic spaces
        case 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF: return .some(nil)  // soft hyphen, zero-width characters
        case 0x2010...0x2013, 0x2212: return 0x2D  // hyphens, figure and en dash, minus sign
        case 0x660...0x669: return 0x30 + scalar - 0x660  // Arabic-Indic digits
        case 0x6F0...0x6F9: return 0x30 + scalar - 0x6F0  // Extended Arabic-Indic digits
        case 0xFF01...0xFF5E: return scalar - 0xFEE0  // fullwidth ASCII
        default: return nil
        }
    }

    /// What scalars above U+10FFFF (which no valid UTF-8 holds) fold to, as the modes read them.
    static func outOfRange(_ mode: FoldMode) -> UInt32 {
        mode == .phrase ? FoldEntry.dropped : FoldEntry.unchanged
    }
}

/// The compiled form of the rules (the arrays and layouts of `CaseFoldingTable`).
struct BuiltFoldingTable: Equatable {
    struct Mode: Equatable {
        var indexStart: Int
        var limit: UInt32
        var leadBytes: [UInt64]
        var beyond: [[UInt32]]
    }

    var index: [UInt16] = []
    var entries: [UInt32] = []
    var expansions: [UInt32] = []
    var modes: [Mode] = []

    /// The largest number of runs a mode may list beyond its index.
    static let maximumRunsBeyond = 8

    /// Builds the table from ``CaseFoldingRules``; also returns every scalar's entry, per mode.
    static func build() -> (BuiltFoldingTable, [[UInt32]]) {
        var table = BuiltFoldingTable()
        var entriesByMode: [[UInt32]] = []
        var blockIDs: [[UInt32]: UInt16] = [:]
        let blockSize = 1 << FoldEntry.blockShift
        for mode in FoldMode.allCases {
            var values = [UInt32](repeating: 0, count: 0x110000)
            var leadBytes = [UInt64](repeating: 0, count: 4)
            for scalar in 0..<UInt32(0x110000) {
                let value = table.encode(scalar, CaseFoldingRules.fold(scalar, mode))
                values[Int(scalar)] = value
                if value != FoldEntry.unchanged {
                    let lead = Self.leadByte(scalar)
                    leadBytes[Int(lead >> 6)] |= 1 << UInt64(lead & 63)
                }
            }
            let outOfRange = CaseFoldingRules.outOfRange(mode)
            // The lowest limit (a multiple of 4096) past which only a few runs of position-free
            // entries (unchanged or dropped) remain.
            var limit = 0x110000
            var beyond: [[UInt32]] = outOfRange == FoldEntry.unchanged ? [] : [[0x110000, UInt32.max, outOfRange]]
            var candidate = 0x110000 - 0x1000
            var runs = beyond
            while candidate >= 0 {
                var fits = true
                for scalar in stride(from: candidate + 0x1000 - 1, through: candidate, by: -1) {
                    let value = values[scalar]
                    if value == FoldEntry.unchanged { continue }
                    if value != FoldEntry.dropped { fits = false; break }
                    if let last = runs.first, last[0] == UInt32(scalar + 1), last[2] == value {
                        runs[0][0] = UInt32(scalar)
                    } else {
                        runs.insert([UInt32(scalar), UInt32(scalar), value], at: 0)
                    }
                }
                if !fits || runs.count > maximumRunsBeyond { break }
                limit = candidate
                beyond = runs
                candidate -= 0x1000
            }
            let indexStart = table.index.count
            for start in stride(from: 0, to: limit, by: blockSize) {
                let block = Array(values[start..<start + blockSize])
                if let id = blockIDs[block] {
                    table.index.append(id)
                } else {
                    let id = UInt16(blockIDs.count)
                    blockIDs[block] = id
                    table.entries += block
                    table.index.append(id)
                }
            }
            table.modes.append(Mode(indexStart: indexStart, limit: UInt32(limit), leadBytes: leadBytes, beyond: beyond))
            entriesByMode.append(values)
        }
        return (table, entriesByMode)
    }

    /// The entry for a scalar folding to `folded`.
    mutating func encode(_ scalar: UInt32, _ folded: [UInt32]) -> UInt32 {
        switch folded.count {
        case 0: return FoldEntry.dropped
        case 1: return folded[0] == scalar ? FoldEntry.unchanged : folded[0]
        default:
            let pair = Array(folded.prefix(2))
            for k in stride(from: 0, to: expansions.count, by: 2) where Array(expansions[k..<k + 2]) == pair {
                return FoldEntry.expansion | UInt32(k / 2)
            }
            expansions += pair
            return FoldEntry.expansion | UInt32(expansions.count / 2 - 1)
        }
    }

    /// The first UTF-8 byte of `scalar` (surrogates encoded as if they were scalars).
    static func leadByte(_ scalar: UInt32) -> UInt8 {
        if scalar < 0x80 { return UInt8(scalar) }
        if scalar < 0x800 { return UInt8(0xC0 | (scalar >> 6)) }
        if scalar < 0x10000 { return UInt8(0xE0 | (scalar >> 12)) }
        return UInt8(0xF0 | (scalar >> 18))
    }

    /// The committed table, in the same shape.
    static var compiled: BuiltFoldingTable {
        BuiltFoldingTable(
            index: CaseFoldingTable.index, entries: CaseFoldingTable.entries, expansions: CaseFoldingTable.expansions,
            modes: CaseFoldingTable.modes.map { layout in
                Mode(indexStart: layout.indexStart, limit: layout.limit,
                     leadBytes: [layout.leadBytes.0, layout.leadBytes.1, layout.leadBytes.2, layout.leadBytes.3],
                     beyond: layout.beyond.map { [$0.0, $0.1, $0.2] })
            })
    }

    /// The Swift source of `CaseFoldingTable.swift`.
    var source: String {
        func hex<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16, uppercase: true) }
        func rows<T: BinaryInteger>(_ values: [T], perRow: Int) -> String {
            stride(from: 0, to: values.count, by: perRow).map { row in
                "        " + values[row..<min(row + perRow, values.count)].map(hex).joined(separator: ", ") + ","
            }.joined(separator: "\n")
        }
        var out = """
            // Generated by CaseFoldingTableTests from Tests/TextKitTests/CaseFoldingRules.swift (Unicode
            // Character Database 16.0, Unicode License v3); do not edit. Rebuild with
            // scripts/build_fold_table.sh after changing the rules.

            extension CaseFoldingTable {
                /// Per mode, the block of each 64 scalars below the mode's limit.
                static let index: [UInt16] = [
            \(rows(index, perRow: 48))
                ]

                /// The distinct blocks of 64 entries (see `FoldEntry`).
                static let entries: [UInt32] = [
            \(rows(entries, perRow: 48))
                ]

                /// Pairs of scalars for entries tagged `FoldEntry.expansion`.
                static let expansions: [UInt32] = [
            \(rows(expansions, perRow: 48))
                ]

                /// The modes in `FoldMode` order.
                static let modes: [ModeLayout] = [

            """
        for (mode, layout) in zip(FoldMode.allCases, modes) {
            let lead = layout.leadBytes.map(hex).joined(separator: ", ")
            let beyond = layout.beyond.map { "(\($0.map(hex).joined(separator: ", ")))" }.joined(separator: ", ")
            out += "        // \(mode)\n"
            out += "        ModeLayout(indexStart: \(layout.indexStart), limit: \(hex(layout.limit)), leadBytes: (\(lead)),\n"
            out += "                   beyond: [\(beyond)]),\n"
        }
        out += "    ]\n}\n"
        return out
    }
}
