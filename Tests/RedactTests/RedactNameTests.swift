import Foundation
import PipelineKit
import Testing
@testable import Redact

/// Person and date cases beyond the news sample: other locales' names, lone surnames in name
/// contexts, sign-off lines, form fields, and the places, firms and calendar words that are not
/// names or dates.
@Suite struct RedactNameTests {
    func people(_ text: String) async throws -> [String] {
        try await redact(text, ["entities": ["person"]]).found.map(\.1)
    }

    func dates(_ text: String) async throws -> [String] {
        try await redact(text, ["entities": ["date"]]).found.map(\.1)
    }

    @Test func namesFromMoreLocales() async throws {
        // Romanized Japanese and transliterated Russian and Ukrainian names are in the lists.
        #expect(try await people("I spoke with Atsushi Watanabe about the invoice.") == ["Atsushi Watanabe"])
        #expect(try await people("The report was written by Dmitriy Kuznetsov.") == ["Dmitriy Kuznetsov"])
        #expect(try await people("We met Oleksandr Shevchenko at the fair.") == ["Oleksandr Shevchenko"])
        #expect(try await people("Kovács Zoltán joined the team last week.") == ["Kovács Zoltán"])
    }

    @Test func loneSurnamesInNameContexts() async throws {
        #expect(try await people("Best,\nKenji Mori") == ["Kenji Mori"])
        #expect(try await people("Kind regards,\nZsolnai\n") == ["Zsolnai"])
        #expect(try await people("Name: Brkljačić\nRole: analyst") == ["Brkljačić"])
        #expect(try await people("Attn:  Wojciechowska") == ["Wojciechowska"])
        #expect(try await people("Minister Hribar visited the plant.") == ["Hribar"])
        #expect(try await people("Professor Zsolnai told the committee.") == ["Zsolnai"])
        #expect(try await people("Novak said the talks would resume.") == ["Novak"])
    }

    @Test func placesAndFirmsAreNotPeople() async throws {
        for text in ["The office in Victoria reopened.", "The shop near Charlotte closed.", "She moved to Hamilton.",
                     "Takács Vass Nyrt. reported higher profits.", "Our supplier, Matija Bukovec s.p., is late.",
                     "Fehér és társa Kht. sent a quote.", "Novak d.o.o. won the tender.", "Kowalski sp. z o.o. is late.",
                     "Müller GmbH reported a loss.", "Smith and Sons ships on time.", "The Santa Ana plant closed."] {
            #expect(try await people(text).isEmpty, "\(text)")
        }
        // Context still wins over the gazetteer: a sign-off, a title, "said".
        #expect(try await people("Thanks,\nVictoria") == ["Victoria"])
        #expect(try await people("Madison said the shipment is late.") == ["Madison"])
        // A given name that is also a city, next to a surname, is a name.
        #expect(try await people("Austin Clarke joined the team.") == ["Austin Clarke"])
    }

    @Test func signOffNeedsAShortLineAbove() async throws {
        // A line that is a sentence does not make the next line a name.
        #expect(try await people("We sent the files to the client yesterday, as agreed,\nAcme Widgets").isEmpty)
        #expect(try await people("Regards,\nAccounts Payable") == [])
    }

    @Test func weekdaysAloneAndBareYearsAreNotDates() async throws {
        #expect(try await dates("See you on Monday, or on friday at the latest.").isEmpty)
        #expect(try await dates("Revenue grew in 2019 and again in 2020.").isEmpty)
        #expect(try await dates("The meeting is on Monday, March 3, 2025.") == ["Monday, March 3, 2025"])
        #expect(try await dates("Tuesday 5 May 2020 was the deadline.") == ["Tuesday 5 May 2020"])
    }

    /// The Faker suite (scripts/make_redact_names_suite.py) as a regression floor; the scorer
    /// scripts/score_redact_names.py prints the full table by locale.
    @Test func fakerSuiteFloor() async throws {
        let url = Bundle.module.url(forResource: "names-suite", withExtension: "jsonl", subdirectory: "Fixtures")!
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let stage = try RedactStage.build(options: ["entities": ["person", "date"]], setup: StageSetup(stageID: "redact"))
        var counts: [String: (tpP: Int, nP: Int, tpG: Int, nG: Int)] = ["person": (0, 0, 0, 0), "date": (0, 0, 0, 0)]
        for line in lines {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let text = obj["text"] as! String
            let gold = (obj["spans"] as! [[String: Any]]).map { ($0["type"] as! String, $0["start"] as! Int, $0["end"] as! Int) }
            let out = try await StageTester.run(stage, on: Document(id: "suite", text: text))
            let pred = out.document.annotations.map { ($0.type, $0.start, $0.end) }
            for (t, s, e) in pred {
                counts[t]!.nP += 1
                if gold.contains(where: { $0.0 == t && $0.1 < e && s < $0.2 }) { counts[t]!.tpP += 1 }
            }
            for (t, s, e) in gold {
                counts[t]!.nG += 1
                if pred.contains(where: { $0.0 == t && $0.1 < e && s < $0.2 }) { counts[t]!.tpG += 1 }
            }
        }
        let person = counts["person"]!, date = counts["date"]!
        let pp = Double(person.tpP) / Double(person.nP), pr = Double(person.tpG) / Double(person.nG)
        let dp = Double(date.tpP) / Double(date.nP), dr = Double(date.tpG) / Double(date.nG)
        #expect(pp >= 0.90 && pr >= 0.85, "person P \(pp) R \(pr)")
        #expect(dp >= 0.95 && dr >= 0.95, "date P \(dp) R \(dr)")
    }
}
