@testable import TextKit
import XCTest

final class TextKitTests: XCTestCase {
    func split(_ text: String) -> [String] {
        TextKit.sentences(in: text).map { String(text[TextKit.stringRange($0, in: text)]) }
    }

    func words(_ text: String) -> [String] {
        TextKit.withUTF8(text) { bytes in
            var out: [String] = []
            WordSegmenter.forEachWord(in: bytes, 0..<bytes.count) { r, _ in
                out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self))
            }
            return out
        }
    }

    func testNonLatinTerminators() {
        XCTAssertEqual(split("كيف حالك؟ أنا بخير."), ["كيف حالك؟", "أنا بخير."])
        XCTAssertEqual(split("یہ کتاب ہے۔ وہ قلم ہے۔"), ["یہ کتاب ہے۔", "وہ قلم ہے۔"])
        XCTAssertEqual(split("यह किताब है। वह कलम है।"), ["यह किताब है।", "वह कलम है।"])
        XCTAssertEqual(split("今日は晴れです。明日は雨！本当？"), ["今日は晴れです。", "明日は雨！", "本当？"])
        XCTAssertEqual(split("他说：「好。」然后走了。"), ["他说：「好。」", "然后走了。"])
        XCTAssertEqual(split("Привет. Как дела? Всё хорошо."), ["Привет.", "Как дела?", "Всё хорошо."])
    }

    func testLinesAndLists() {
        XCTAssertEqual(split("Talks stall\nThe talks stalled on Monday."), ["Talks stall", "The talks stalled on Monday."])
        XCTAssertEqual(split("First paragraph without end\n\nSecond one."), ["First paragraph without end", "Second one."])
        XCTAssertEqual(split("Items:\n- apples\n- pears"), ["Items:", "- apples", "- pears"])
        XCTAssertEqual(split("a line that wraps\ninto the next line."), ["a line that wraps\ninto the next line."])
        XCTAssertEqual(split("An earlier round hosted by Qatar on Oct. 19 had produced a ceasefire."),
                       ["An earlier round hosted by Qatar on Oct. 19 had produced a ceasefire."])
    }

    func testDegenerateInputs() {
        XCTAssertEqual(split(""), [])
        XCTAssertEqual(split("   \n\n  "), [])
        XCTAssertEqual(split("no punctuation at all"), ["no punctuation at all"])
        XCTAssertEqual(split("..."), ["..."])
        // A long text without punctuation is cut into bounded pieces at spaces.
        let long = String(repeating: "word ", count: 5000)
        let pieces = TextKit.sentences(in: long)
        XCTAssertGreaterThan(pieces.count, 5)
        XCTAssertTrue(pieces.allSatisfy { $0.count <= 3000 })
    }

    func testRangesPointIntoOriginal() {
        let text = "  Héllo wörld.  Ça va? "
        let r = TextKit.sentences(in: text)
        XCTAssertEqual(r.count, 2)
        XCTAssertEqual(String(text[TextKit.stringRange(r[1], in: text)]), "Ça va?")
    }

    func testWords() {
        XCTAssertEqual(words("Don't stop-believing, Michael’s U.S. café 3.5"),
                       ["Don't", "stop", "believing", "Michael’s", "U", "S", "café", "3", "5"])
        XCTAssertEqual(words("中华人民共和国的首都"), ["中华", "华人", "人民", "民共", "共和", "和国", "首都"])
        XCTAssertEqual(words("東京タワーに行きました"), ["東京", "タワー", "に", "行", "きました"])
        XCTAssertEqual(words("مرحبا بالعالم"), ["مرحبا", "بالعالم"])
    }

    func testNormalizer() {
        let en = Normalizer(language: .en)
        XCTAssertEqual(en.normalize("Running"), "run")
        XCTAssertEqual(en.normalize("ponies"), "poni")
        XCTAssertEqual(en.normalize("caresses"), "caress")
        XCTAssertEqual(en.normalize("hoped"), "hope")
        XCTAssertEqual(en.normalize("Michael’s"), "michael")
        XCTAssertTrue(en.isStopWord("The"))
        XCTAssertTrue(en.isStopWord("don’t"))
        XCTAssertFalse(en.isStopWord("government"))
        XCTAssertEqual(Normalizer.fold("ÉCOLE Straße İstanbul ПРИВЕТ ΑΘΗΝΑ ＡＢＣ"), "école straße istanbul привет αθηνα abc")
        XCTAssertEqual(Normalizer(language: .fr).normalize("l'école"), "école")
        XCTAssertEqual(Normalizer(language: .ar).normalize("أَحْمَد"), "احمد")
        for language in Language.allCases {
            XCTAssertNotNil(Language(code: language.rawValue))
        }
        let samples: [(Language, String)] = [
            (.en, "the"), (.es, "para"), (.fr, "avec"), (.de, "nicht"), (.pt, "não"), (.it, "della"),
            (.tr, "için"), (.id, "yang"), (.ms, "yang"), (.ru, "это"), (.ar, "في"), (.fa, "است"), (.ur, "ہے"),
            (.hi, "है"), (.he, "של"), (.zh, "我们"), (.ja, "です"),
        ]
        for (language, word) in samples {
            XCTAssertTrue(Normalizer(language: language).isStopWord(word), "\(language) \(word)")
        }
    }

    /// The stop table is built from the lists' bytes: the words found there are the words the
    /// lists hold split as text, and each is a stop word of its language.
    func testStopWordListsSplitOnBytesAsOnText() {
        for (language, list) in StopWords.lists {
            var copy = list
            let onBytes = copy.withUTF8 { bytes in
                StopWords.words(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            }
            let onText = list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            XCTAssertEqual(onBytes, onText, "\(language)")
            XCTAssertGreaterThan(onBytes.count, 20, "\(language)")
            let normalizer = Normalizer(language: language)
            for word in onBytes where Normalizer.fold(word).unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
                XCTAssertTrue(normalizer.isStopWord(word), "\(language) \(word)")
            }
        }
    }

    /// The detector reading UTF-8 bytes in place answers as it does on the `String`.
    func testDetectOnBytesEqualsDetectOnString() {
        let texts = ["The talks between the two countries have stalled after several days.", "Les discussions entre les deux pays.",
                     "Die Gespräche zwischen den beiden Ländern", "Переговоры между двумя странами", "توقفت المحادثات بين البلدين",
                     "دونوں ممالک کے درمیان مذاکرات", "两国之间的谈判陷入僵局。", "日本語のテキストです。", "שלום עולם", "a", "",
                     String(repeating: "é 🙂 中 word ", count: 200), String(repeating: "x", count: 5000)]
        let detector = LanguageDetector()
        for text in texts {
            let onBytes = TextKit.withUTF8(text) { detector.detect(utf8: $0) }
            XCTAssertEqual(onBytes, detector.detect(text), text)
        }
    }

    func testLanguageDetection() {
        func detect(_ s: String) -> Language? { TextKit.withUTF8(s) { Language.detect(in: $0) } }
        XCTAssertEqual(detect("The talks between the two countries have stalled after several days."), .en)
        XCTAssertEqual(detect("Las conversaciones entre los dos países se han estancado por la tarde."), .es)
        XCTAssertEqual(detect("Les discussions entre les deux pays sont dans une impasse depuis des jours."), .fr)
        XCTAssertEqual(detect("Die Gespräche zwischen den beiden Ländern sind ins Stocken geraten und nicht mehr."), .de)
        XCTAssertEqual(detect("Переговоры между двумя странами зашли в тупик."), .ru)
        XCTAssertEqual(detect("توقفت المحادثات بين البلدين في إسطنبول بعد عدة أيام من المفاوضات."), .ar)
        XCTAssertEqual(detect("دونوں ممالک کے درمیان مذاکرات تعطل کا شکار ہیں اور یہ بات چیت ہے۔"), .ur)
        XCTAssertEqual(detect("两国之间的谈判陷入僵局。"), .zh)
        XCTAssertEqual(detect("両国の交渉は行き詰まりました。"), .ja)
        XCTAssertEqual(detect("दोनों देशों के बीच बातचीत रुक गई है।"), .hi)
        XCTAssertEqual(detect("השיחות בין שתי המדינות נתקעו."), .he)
        XCTAssertNil(detect("123 456 !!!"))
    }
}
