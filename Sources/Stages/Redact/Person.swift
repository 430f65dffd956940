/// Finds person names without a model: capitalized word runs scored by given-name and surname
/// lists, honorifics and titles, surname endings, context words ("said", "according to",
/// "Dr.") and, within a document, earlier full mentions ("Abdul Hameed Jalili" ... "Jalili said").
/// Runs holding an organisation, place or calendar word, or ordinary English words, are not names.
struct PersonDetector: Sendable {
    let lexicon: Lexicon

    struct Tok {
        var start: Int
        var end: Int
        var flags: WordFlags
        var attr: UInt8
        var hash: UInt64
        @inline(__always) func has(_ attribute: UInt8) -> Bool { attr & attribute != 0 }
    }

    static let cap: UInt8 = 1, allCaps: UInt8 = 2, sentence: UInt8 = 4, join: UInt8 = 8, initial: UInt8 = 16
    static let possessive: UInt8 = 32, digit: UInt8 = 64

    /// Appends person candidates (byte ranges) to `out`.
    func find(_ bytes: Bytes, type: Int, priority: Int, into out: inout [Match]) {
        var sawUppercase = false
        var lowercaseSeen = [UInt64](repeating: 0, count: 1024)
        var toks = lowercaseSeen.withUnsafeMutableBufferPointer { seen in
            var toks = tokenize(bytes, storeAll: false, sawUppercase: &sawUppercase, lowercaseSeen: seen)
            if !sawUppercase {
                toks = tokenize(bytes, storeAll: true, sawUppercase: &sawUppercase, lowercaseSeen: seen)
            }
            return toks
        }
        if toks.isEmpty { return }
        if !sawUppercase && toks.count >= 2 {
            for q in toks.indices { toks[q].flags = lexicon.flags(toks[q].hash) }
            // Text without capitals ("hello, this is dr. chad farmer"): names are the words of the
            // name lists that are not English words, and unknown words next to them.
            for q in toks.indices {
                let flags = toks[q].flags
                if flags.contains(.stop) || flags.contains(.contextAfter) || flags.contains(.contextBefore) || flags.contains(.pairFirst)
                    || flags.contains(.pairSecond) || flags.contains(.connector) || toks[q].has(PersonDetector.digit) {
                    continue
                }
                let nameish = (flags.contains(.given) || flags.contains(.surname)) && !flags.contains(.dictionary)
                let unknown = flags.isEmpty && toks[q].end - toks[q].start >= 3
                if nameish || unknown || flags.contains(.honorific) || flags.contains(.nonPerson) || flags.contains(.place) || flags.contains(.suffix) {
                    toks[q].attr |= PersonDetector.cap
                }
            }
        } else {
            // A name that is also an English word counts as a word only if the document uses it
            // in lowercase ("will", "rose"), it is a function word or it starts a sentence.
            for q in toks.indices where toks[q].has(PersonDetector.cap) && toks[q].flags.contains(.dictionary)
                && (toks[q].flags.contains(.given) || toks[q].flags.contains(.surname))
                && !toks[q].flags.contains(.stop) && !toks[q].has(PersonDetector.sentence)
                && { let key = PersonDetector.quickKey(bytes.buffer, toks[q].start, toks[q].end)
                     return lowercaseSeen[Int(key >> 54)] & (1 << ((key >> 48) & 63)) == 0 }() {
                toks[q].flags.remove(.dictionary)
            }
            // The lowercase words kept next to capitalized ones (connectors, context words) came
            // with their function-word flags from the tokenizer.
        }
        let tokenCount = toks.count
        var known = Set<UInt64>()
        var pending: [Run] = []
        var pendingNames: [Int] = []
        var accepted: [Run] = []
        var acceptedNames: [Int] = []
        var names: [Int] = []
        names.reserveCapacity(8)
        var k = 0
        while k < tokenCount {
            let first = toks[k]
            if !first.has(PersonDetector.cap) || (first.has(PersonDetector.allCaps) && !first.flags.contains(.honorific))
                || first.has(PersonDetector.digit) {
                k += 1
                continue
            }
            // Collect the run.
            var honorific = false
            var j = k
            if first.flags.contains(.honorific), k + 1 < tokenCount, toks[k + 1].has(PersonDetector.join), toks[k + 1].has(PersonDetector.cap),
               !toks[k + 1].has(PersonDetector.allCaps) {
                honorific = true
                j = k + 1
            } else if first.flags.contains(.honorific) {
                k += 1
                continue
            }
            var last = j
            var probe = j + 1
            while probe < tokenCount {
                let token = toks[probe]
                if !token.has(PersonDetector.join) || token.has(PersonDetector.digit) { break }
                if token.flags.contains(.suffix) && (token.has(PersonDetector.cap)) && probe > j {
                    last = probe
                    probe += 1
                    break
                }
                if token.has(PersonDetector.cap) && (!token.has(PersonDetector.allCaps)) {
                    last = probe
                    probe += 1
                    continue
                }
                if token.flags.contains(.connector) && !token.has(PersonDetector.cap) && probe + 1 < tokenCount && toks[probe + 1].has(PersonDetector.join)
                    && toks[probe + 1].has(PersonDetector.cap) && !toks[probe + 1].has(PersonDetector.allCaps) {
                    probe += 1
                    continue
                }
                break
            }
            defer { k = last + 1 }

            // Name tokens of the run, leading stop words, titles and ordinary words trimmed.
            var score = honorific ? 3.0 : 0.0
            names.removeAll(keepingCapacity: true)
            var spanStart = honorific ? first.start : -1
            var trimming = !honorific
            var reject = false
            var initials = 0
            var lastKept = last
            var truncated = false
            var plainAfterGiven = 0
            var titled = false
            for q in j...last {
                let token = toks[q]
                if !token.has(PersonDetector.cap) { continue } // connector
                if token.has(PersonDetector.initial) {
                    initials += 1
                    if spanStart < 0 { spanStart = token.start }
                    trimming = false
                    continue
                }
                if q > j && token.flags.contains(.suffix) && q == last { continue }
                let flags = token.flags
                let nameish = flags.contains(.given) || flags.contains(.surname)
                if trimming {
                    // A title ("Minister", "President": also Census surnames) before another capitalized word.
                    if flags.contains(.title) && (!nameish || (q < last && !flags.contains(.given))) {
                        score += 1.5
                        titled = true
                        continue
                    }
                    if flags.contains(.stop) || (flags.contains(.dictionary) && !nameish) || (flags.contains(.title)) {
                        continue
                    }
                    if flags.contains(.dictionary) && token.has(PersonDetector.sentence) && q < last && !flags.contains(.given) {
                        // "Will Smith" keeps Will (a given name); "Later Mary Smith" drops Later.
                        continue
                    }
                }
                trimming = false
                if flags.contains(.legalForm) { reject = true; break } // "Takács Vass Nyrt", "Novak GmbH"
                let led = honorific || (names.first.map { toks[$0].flags.contains(.given) } ?? false)
                // "April Martin", "June Smith": a month that is a given name, before a surname.
                let monthName = flags.contains(.given) && names.isEmpty && q < last && toks[q + 1].has(PersonDetector.cap)
                    && toks[q + 1].flags.contains(.surname) && !toks[q + 1].flags.contains(.nonPerson)
                    && !toks[q + 1].flags.contains(.place) && (1...12).contains(Detectors.calendarWord(bytes, token.start, token.end))
                if !monthName && (flags.contains(.nonPerson) || flags.contains(.place) || (flags.contains(.title) && !flags.contains(.given))) {
                    // "Ashley Kvamme Apt." keeps the name; "Durand Line", "Islamic Emirate" are not names;
                    // "Monday Mary Smith" starts again after the calendar word.
                    let calendar = Detectors.calendarWord(bytes, token.start, token.end) != 0
                    if !names.isEmpty && (honorific || (led && names.count >= 2) || calendar) {
                        lastKept = names.last!
                        truncated = true
                        last = q - 1 // look at the rest again ("Mary Monday Mr. Smith")
                        break
                    }
                    // A leading calendar word or known place ("Kabul Monday Mr. Smith") is skipped and the
                    // rest looked at again; org and street words ("San Luis", "Radio ...") end the run.
                    if names.isEmpty && !honorific && initials == 0 && q < last && (calendar || flags.contains(.place)) { last = q }
                    if !names.isEmpty && q < last { last = q } // "Solomon Islands Mr. Smith": look after the cue word
                    reject = true
                    break
                }
                if flags.contains(.dictionary) && !nameish {
                    if led && !names.isEmpty { plainAfterGiven += 1 } else { reject = true; break }
                }
                if spanStart < 0 { spanStart = token.start }
                names.append(q)
            }
            if reject || names.isEmpty { continue }
            if initials > 0 && spanStart > toks[names[0]].start { spanStart = toks[names[0]].start }
            let runStart = spanStart
            let runEnd = toks[lastKept].end

            // Score the name tokens.
            var knownCount = 0
            for (position, q) in names.enumerated() {
                let flags = toks[q].flags
                let common = flags.contains(.dictionary)
                if flags.contains(.given) || flags.contains(.surname) { knownCount += 1 }
                if position == 0 {
                    if flags.contains(.given) {
                        let nextNameLike = names.count > 1 && !toks[names[1]].flags.contains(.dictionary)
                        score += common ? (names.count == 1 ? (toks[q].has(PersonDetector.sentence) ? 0 : 1) : (nextNameLike ? 1.5 : 1)) : 2
                    } else if flags.contains(.surname) {
                        score += common ? 0.5 : 1.5
                    } else if PersonDetector.surnameShape(bytes, toks[q]) {
                        score += 1
                    }
                } else {
                    if flags.contains(.given) || flags.contains(.surname) {
                        score += common ? 0.5 : 1.5
                    } else if common {
                        score += 0.25
                    } else {
                        score += PersonDetector.surnameShape(bytes, toks[q]) ? 1 : 0.75
                    }
                }
            }
            if names.count > 1 && toks[names[0]].flags.contains(.given)
                && names.allSatisfy({ toks[$0].flags.contains(.given) || toks[$0].flags.contains(.surname) }) {
                score += 1 // every word a known name: "John Brown"
            }
            if knownCount == 0 && names.count > 1 && !honorific { score -= 0.75 * Double(names.count - 1) }
            if initials > 0 && knownCount > 0 { score += 0.5 }
            // Context before: "according to", "named", "Dr." (lowercase titles such as "spokesman").
            let startTok = honorific ? k : names[0]
            var context = honorific || titled
            if startTok > 0 {
                let prev = toks[startTok - 1]
                if runStart - prev.end <= 3 {
                    if prev.flags.contains(.contextBefore) || (prev.flags.contains(.title) && !prev.has(PersonDetector.cap)) {
                        score += 1.5
                        context = true
                    } else if prev.flags.contains(.pairSecond), startTok > 1, toks[startTok - 2].flags.contains(.pairFirst),
                              prev.start - toks[startTok - 2].end <= 2 {
                        score += 2 // "my name is", "call me", "according to"
                        context = true
                    } else if prev.flags.contains(.field) && PersonDetector.labelColon(bytes, prev.end, runStart) {
                        score += 2 // "Name: Anna Kovács", "Attn: Kovács"
                        context = true
                    } else if !prev.has(PersonDetector.cap) && prev.hash == PersonDetector.theHash {
                        score -= 1.5
                    }
                }
            }
            // Context after: "said", "told".
            if lastKept + 1 < tokenCount {
                let next = toks[lastKept + 1]
                if next.start - runEnd <= 2 && !next.has(PersonDetector.cap) && next.flags.contains(.contextAfter) {
                    score += 1.5
                    context = true
                }
                if next.start - runEnd <= 2 && !bytes.buffer[runEnd..<next.start].contains(ASCII.newline) && next.flags.contains(.nonPerson)
                    && next.has(PersonDetector.cap) && !honorific
                    && !truncated { continue }
            }
            if !context && PersonDetector.signOffLine(bytes, runStart, runEnd, lexicon) {
                score += 2 // "Best,\nKenji Mori"
                context = true
            }
            // An unknown word after a title: "Minister Zsolnai".
            if titled && names.count == 1 && knownCount == 0 && !toks[names[0]].flags.contains(.dictionary) { score += 0.5 }
            let coordinated = names.count == 1 && !honorific && PersonDetector.coordinated(bytes, toks, startTok, lastKept)
            // A lone word that names a city or town is a place unless the context says person; a given
            // name that is also a town ("Mary", "Regina") only after "in", "at", "near", "via".
            if names.count == 1 && !context && !coordinated && toks[names[0]].flags.contains(.city)
                && (!toks[names[0]].flags.contains(.given) || PersonDetector.placePrepositionBefore(toks, startTok, runStart)) {
                continue
            }
            if coordinated && score >= 1 && score < 2 {
                score += 0.5 // "Woźniak and Moore were ..."
            }
            var run = Run(start: runStart, end: runEnd, startTok: startTok, lastKept: lastKept, honorific: honorific,
                          initials: initials > 0, from: 0, to: names.count)
            if score >= 2 {
                if surroundingsReject(bytes, toks, run, names[...], places: false) { continue }
                // Kept unless its names form a place: looked up below, all runs together.
                run.from = acceptedNames.count
                run.to = acceptedNames.count + names.count
                accepted.append(run)
                acceptedNames.append(contentsOf: names)
            } else {
                // Kept only if its names are all seen in full elsewhere; what surrounds it is
                // looked at then, for the few that are.
                run.from = pendingNames.count
                run.to = pendingNames.count + names.count
                pending.append(run)
                pendingNames.append(contentsOf: names)
            }
        }
        // Runs of two names or more that form a place ("Costa Rica") are dropped. Their look-ups
        // in the large table go together, so that the cache misses overlap.
        let places = PersonDetector.placePhrases(bytes, toks, accepted, acceptedNames, lexicon)
        for (index, run) in accepted.enumerated() where !places[index] {
            out.append(Match(start: run.start, end: run.end, type: type, priority: priority))
            if run.to - run.from > 1 || run.honorific {
                for q in acceptedNames[run.from..<run.to] where !toks[q].flags.contains(.dictionary) { known.insert(toks[q].hash) }
            }
        }
        // Later mentions of a name seen in full earlier in the document.
        if !known.isEmpty {
            for candidate in pending where pendingNames[candidate.from..<candidate.to].allSatisfy({ known.contains(toks[$0].hash) })
                && !surroundingsReject(bytes, toks, candidate, pendingNames[candidate.from..<candidate.to], places: true) {
                out.append(Match(start: candidate.start, end: candidate.end, type: type, priority: priority))
            }
        }
    }

    /// A scored run of capitalized words: its bytes, its first and last tokens (`startTok` is the
    /// honorific's when there is one), whether it holds initials, and where its name tokens sit
    /// in a list of names (the kept runs' or the pending runs').
    struct Run {
        var start: Int
        var end: Int
        var startTok: Int
        var lastKept: Int
        var honorific: Bool
        var initials: Bool
        var from: Int
        var to: Int
    }

    /// `true` when what surrounds a run makes it something other than a person: a firm ("Smith &",
    /// "Cochran, Orr and Stewart", "Bukovec s.p."), a street address ("92 Eusebio Dávila 57") or
    /// a place ("Costa Rica", only with `places`). These checks depend on nothing the score does,
    /// so a run that is not kept on its own score meets them only if an earlier full mention
    /// would keep it.
    func surroundingsReject(_ bytes: Bytes, _ toks: [Tok], _ run: Run, _ names: ArraySlice<Int>, places: Bool) -> Bool {
        if run.end < bytes.count && bytes.buffer[run.end] == ASCII.amp { return true }
        if names.count == 1 && !run.honorific && PersonDetector.firmList(bytes, toks, run.startTok) { return true }
        if !run.honorific {
            let formSearchStart = run.initials ? PersonDetector.trailingInitialsStart(toks, run.lastKept, run.end) : run.end
            if PersonDetector.legalFormAfter(bytes, formSearchStart, lexicon) { return true }
            if PersonDetector.houseNumberBefore(bytes, run.start) || PersonDetector.numberAfter(bytes, run.end) { return true }
        }
        return places && names.count > 1 && PersonDetector.isPlacePhrase(bytes, toks, names, lexicon)
    }

}
