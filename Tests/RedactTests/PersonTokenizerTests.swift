import Foundation
import PipelineKit
import Testing
@testable import Redact

/// The person detector's word reading: the eight-bytes-at-a-time letter run and the plain-word
/// fast path agree with the general reader, and the scanner keeps the words a name run needs.
@Suite struct PersonTokenizerTests {
    /// Words of every shape the reader meets, each followed by every kind of byte that can end
    /// or continue a word, at every offset from the end of the buffer.
    static let samples: [String] = {
        let words = ["a", "I", "the", "Smith", "McDonald", "extraordinarily", "NASA", "iPhone", "Anna-Maria", "O'Brien",
                     "Smith's", "Ωmega", "Kovács", "Brkljačić", "B2B", "abcdefgh", "ABCDEFGHIJKLMNOP", "x"]
        let after = ["", " ", ".", ",", "\n", "'", "’s", "-", "-x", "9", "é", "“", "\u{00A0}", "s", " Next", "'s", "’t"]
        var samples: [String] = []
        for word in words {
            for tail in after { samples.append(word + tail); samples.append(word + tail + " and more text") }
        }
        return samples
    }()

    @Test func asciiLettersMatchesAByteLoop() {
        for sample in Self.samples + ["éa", "abc\u{80}def", "abcdefg\u{FF}", "ABCDEFGH\u{C3}\u{A9}"] {
            let bytes = Array(sample.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0..<buffer.count {
                    var end = start, upper = false, lower = false
                    while end < buffer.count && ASCII.isLetter(buffer[end]) {
                        if ASCII.isUppercase(buffer[end]) { upper = true } else { lower = true }
                        end += 1
                    }
                    let found = PersonDetector.asciiLetters(buffer, start)
                    #expect(found.end == end && found.hasUppercase == upper && found.hasLowercase == lower, "\(sample) from \(start)")
                }
            }
        }
    }

    @Test func plainWordAgreesWithReadWord() {
        var plain = 0
        for sample in Self.samples {
            let bytes = Array(sample.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                for hashing in [false, true] {
                    guard let fast = PersonDetector.plainWord(buffer, 0, hashing: hashing) else {
                        // Only words the fast path cannot end by itself go to the general reader.
                        let end = PersonDetector.asciiLetters(buffer, 0).end
                        #expect(end == 0 || (end < buffer.count && PersonDetector.continuesWord(buffer[end])), "\(sample)")
                        continue
                    }
                    plain += 1
                    let general = PersonDetector.readWord(buffer, 0, hashing: hashing)
                    #expect(fast.end == general.end && fast.letters == general.letters && fast.attr == general.attr
                            && fast.hasUppercase == general.hasUppercase && fast.hasLowercase == general.hasLowercase
                            && fast.hash == general.hash, "\(sample)")
                    if hashing { #expect(fast.hash == PersonDetector.fnv(buffer, 0, fast.end), "\(sample)") }
                }
            }
        }
        #expect(plain > 100)
    }

    /// The tokens the scanner keeps: capitalized words, up to two lowercase words right before
    /// one (joined to what precedes them) and one right after; the rest only marks the filter.
    @Test func scannerKeepsTheWordsAroundCapitalizedOnes() throws {
        let lexicon = try #require(Lexicon.shared)
        let text = "the talks were long and the minister van Dijk said on friday that it was over. now they rest"
        let bytes = Array(text.utf8)
        let kept = bytes.withUnsafeBufferPointer { buffer -> [(String, UInt8)] in
            var seen = [UInt64](repeating: 0, count: 1024)
            return seen.withUnsafeMutableBufferPointer { seen in
                var scanner = WordScanner(bytes: buffer, lexicon: lexicon, storeAll: false, lowercaseSeen: seen)
                scanner.run()
                #expect(scanner.sawUppercase)
                return scanner.toks.map { (String(decoding: buffer[$0.start..<$0.end], as: UTF8.self), $0.attr) }
            }
        }
        #expect(kept.map(\.0) == ["minister", "van", "Dijk", "said"])
        let join = PersonDetector.join, cap = PersonDetector.cap
        #expect(kept.map(\.1) == [join, join, join | cap, join])
        // Every lowercase word, kept or not, is in the filter of words seen in lowercase.
        bytes.withUnsafeBufferPointer { buffer in
            var seen = [UInt64](repeating: 0, count: 1024)
            seen.withUnsafeMutableBufferPointer { seen in
                var scanner = WordScanner(bytes: buffer, lexicon: lexicon, storeAll: false, lowercaseSeen: seen)
                scanner.run()
            }
            var start = 0
            for word in text.split(separator: " ") {
                let clean = word.prefix { $0.isLetter }
                let end = start + clean.utf8.count
                if clean.first?.isLowercase == true {
                    let key = PersonDetector.quickKey(buffer, start, end)
                    #expect(seen[Int(key >> 54)] & (1 << ((key >> 48) & 63)) != 0, "\(clean)")
                }
                start += word.utf8.count + 1
            }
        }
    }

    /// A lone surname is kept as a later mention of a full name, unless what surrounds it makes
    /// it a firm or an address: those checks now run only for the runs a full mention would keep.
    @Test func laterMentionsMeetTheSurroundingsChecks() async throws {
        func people(_ text: String) async throws -> [String] {
            try await redact(text, ["entities": ["person"]]).found.map(\.1)
        }
        #expect(try await people("We saw Hribar arrive.").isEmpty)
        #expect(try await people("Marta Hribar joined. We saw Hribar arrive.") == ["Marta Hribar", "Hribar"])
        for text in ["Marta Hribar joined. We saw Hribar d.o.o. arrive.", "Marta Hribar joined. We saw Hribar&Co arrive.",
                     "Marta Hribar joined. We saw 92 Hribar 57 arrive."] {
            #expect(try await people(text) == ["Marta Hribar"], "\(text)")
        }
    }
}
