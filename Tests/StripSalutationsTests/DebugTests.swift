import XCTest
import PipelineKit
@testable import StripSalutations

final class DebugTests: XCTestCase {
    func testDebug() async throws {
        var book = PhraseBook()
        try book.load(text: PhraseBook.bundledLanguages["en"]!, source: "en")
        let st = Stripper(book: book, settings: StripSettings())
        var text = "Assalamualaikum - Talks resume\nAssalamualaikum. ISLAMABAD - Talks resumed on Monday.\nMay Allah guide the leaders. Wa alaikum assalam."
        text.withUTF8 { b in
            var w = Work(b: b, s: st)
            w.splitLines()
            w.openers()
            print("REM1", w.removals)
            let cut = w.quotePass()
            print("REM2", cut, w.removals)
            w.closers(limit: cut)
            print("REM3", w.removals)
            print("ASM", w.assemble().map { String(decoding: $0.output, as: UTF8.self) } as Any)
        }
    }
}
