import Crypto
import Foundation
import PipelineKit

/// Finds personal data and secrets in the text and replaces them: e-mail addresses, phone
/// numbers, URLs, IP addresses, card numbers, IBANs, US SSNs, dates, person names and
/// credentials, plus user patterns and terms.
///
/// Built-in detectors scan the UTF-8 bytes in one pass (no regular expressions); person names
/// come from name lists, honorifics and context. Every finding becomes an annotation with its
/// type and offsets (never its text). `fail-on` turns findings of some types into a failed run.
public struct RedactStage: SynchronousStage {
    /// The stage's options (see the spec for docs and defaults).
    public struct Options: Decodable, Sendable {
        /// Built-in entity types to detect.
        public var entities: [String]
        /// What replaces a finding.
        public var replaceWith: Operator
        /// Characters kept at the end by `mask`.
        public var maskKeep: Int
        /// The masking character.
        public var maskChar: String
        /// The environment variable holding the HMAC key for `hash`.
        public var hashKeyEnv: String?
        /// Hex digits of the HMAC shown by `hash`.
        public var hashLength: Int
        /// User patterns.
        public var patterns: [PatternRule]
        /// User terms: a list of strings (type `term`) or a mapping from type to a list of strings.
        public var terms: Value
        /// Values never redacted.
        public var allow: [String]
        /// Types that make the run fail when found.
        public var failOn: [String]
        /// Where to look: `text`, `metadata` (every string value) or `metadata.KEY`; default both.
        public var fields: [String]?
    }

    /// The spec: options, docs and examples.
    public static let spec = StageSpec(
        name: "redact",
        summary: "Finds personal data and secrets (emails, phones, URLs, IPs, cards, IBANs, SSNs, dates, names, keys) and replaces them.",
        description: """
            Built-in detectors scan UTF-8 bytes in one pass: email, phone (international and national \
            formats, extensions), url (with or without scheme; never an email's domain), ip (IPv4 and IPv6, \
            validated), credit-card (12-19 digits, Luhn and issuer ranges), iban (country length and mod-97), \
            ssn (US, invalid ranges excluded), date, person (name lists, honorifics, capitalization and context; \
            no model) and secret (AWS, GitHub, GitLab, Slack, Stripe, Google, npm and OpenAI tokens, JWTs, \
            private-key blocks, and high-entropy strings after words such as key, token, secret or password). \
            Overlaps are resolved by a fixed priority (terms, patterns, secret, email, url, iban, credit-card, \
            ssn, ip, date, phone, person), then the longest match. Annotations carry type and offsets only.
            """,
        options: [
            OptionSpec("entities", .list(.oneOf(Kind.allCases.map(\.name))), default: .array(Kind.allCases.map { .string($0.name) }),
                       doc: "Built-in detectors to run (all of them by default; see Detectors for what each accepts)."),
            OptionSpec("replace-with", .cases(of: Operator.self), default: "tag",
                       doc: "tag: `[EMAIL]`, `[CREDIT-CARD]`, `[EMPLOYEE-ID]`; mask: `***********1111` (see `mask-keep`); hash: `[EMAIL:3f2a9c1b7d4e]`, a keyed HMAC-SHA256 of type and value, so the same value gives the same token in every document and run with the same key; pseudonym: `PERSON_1`, `PERSON_2`, `EMAIL_1` … consistent within a document (a later \"Jalili\" gets the pseudonym of \"Abdul Hameed Jalili\"); remove: delete the value."),
            OptionSpec("mask-keep", .integer, default: 4, doc: "Characters `mask` keeps at the end (never more than half of the value)."),
            OptionSpec("mask-char", .string, default: "*", doc: "The character `mask` writes (exactly one)."),
            OptionSpec("hash-key-env", .string,
                       doc: "Name of the environment variable holding the HMAC key for `hash`; required with `replace-with: hash`. The key itself never goes in YAML. A missing or empty variable is an option error naming the variable (never its value); under `pipeline validate` the variable may be absent."),
            OptionSpec("hash-length", .integer, default: 12, doc: "Hex digits of the HMAC shown by `hash` (8-64)."),
            OptionSpec("patterns", .list(.record(PatternRule.fields)), default: .array([]),
                       doc: "User patterns: named regular expressions, each a mapping with the fields below; `name` is the annotation type. Unknown keys are errors."),
            OptionSpec("terms", .anyOf([.list(.string), .map(.oneOrList(.string))]), default: .array([]),
                       doc: "Exact words or phrases, case-insensitive, whole-word: a list (type `term`), or a mapping from type to list that gives each list its type (`{project: [Apollo, Gemini]}`)."),
            OptionSpec("allow", .list(.string), default: .array([]), doc: "Values never redacted (case-insensitive exact match)."),
            OptionSpec("fail-on", .list(.string), default: .array([]),
                       doc: "Types that make the run exit 1 when found, e.g. [secret, credit-card] (a CI leak gate): built-in entities among `entities`, pattern names or term types. The document is still redacted; the reason names counts and types only; findings in metadata count."),
            OptionSpec("fields", .list(.string), whenAbsent: "the text and every metadata string except `source`",
                       doc: "Where to look: `text`, `metadata` (every string value, nested objects and arrays too) or `metadata.KEY` (that value and everything under it, e.g. `metadata.headers.from`). `source` is left out by default because it is the input path the runner records, which export names files after. A finding in metadata is an annotation with `field: metadata.KEY` and offsets into that value."),
        ],
        examples: [
            StageExample("email and phone", input: "Write to jane.doe@example.com or call +1 (415) 555-0132.",
                         expected: "Write to [EMAIL] or call [PHONE].", expectedAnnotations: ["email", "phone"]),
            StageExample("url with and without scheme; an email's domain is not a url",
                         input: "See https://www.arabnews.com/node/ and example.org, not bob@example.org.",
                         expected: "See [URL] and [URL], not [EMAIL].", expectedAnnotations: ["url", "url", "email"]),
            StageExample("IP addresses are validated and are not phones",
                         input: "Hosts 192.168.1.20 and 2001:db8::8a2e:370:7334 answered; 999.1.1.1 is no address.",
                         expected: "Hosts [IP] and [IP] answered; 999.1.1.1 is no address.", expectedAnnotations: ["ip", "ip"]),
            StageExample("cards need Luhn and an issuer; plain numbers stay",
                         input: "Card 4111 1111 1111 1111 ok, 4111 1111 1111 1112 is not, order 12345678.",
                         expected: "Card [CREDIT-CARD] ok, 4111 1111 1111 1112 is not, order 12345678.",
                         expectedAnnotations: ["credit-card"]),
            StageExample("IBAN and SSN", input: "IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789, not 666-12-3456.",
                         expected: "IBAN [IBAN], SSN [SSN], not 666-12-3456.", expectedAnnotations: ["iban", "ssn"]),
            StageExample("person names from lists and context, not organisations",
                         input: "Abdul Hameed Jalili spoke to Radio Television Afghanistan. Jalili said the Islamic Emirate agreed.",
                         expected: "[PERSON] spoke to Radio Television Afghanistan. [PERSON] said the Islamic Emirate agreed.",
                         expectedAnnotations: ["person", "person"]),
            StageExample("dates", input: "Talks on Oct. 19 and 2021-03-04 12:30, born 3/23/1940.",
                         options: ["entities": ["date"]],
                         expected: "Talks on [DATE] and [DATE], born [DATE].", expectedAnnotations: ["date", "date", "date"]),
            StageExample("secrets", input: "export AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2 token: ghp_R7dkP2mQ9xLw4TzB8vNc3YhJ6sKf1GaE5uWo",
                         expected: "export AWS_ACCESS_KEY_ID=[SECRET] token: [SECRET]", expectedAnnotations: ["secret", "secret"]),
            StageExample("pseudonyms are consistent within a document, also for later short mentions",
                         input: "Mary Smith met John Brown. Later Mary Smith left, and Brown stayed.",
                         options: ["entities": ["person"], "replace-with": "pseudonym"],
                         expected: "PERSON_1 met PERSON_2. Later PERSON_1 left, and PERSON_2 stayed."),
            StageExample("mask keeps the last characters", input: "Card 4111-1111-1111-1111.",
                         options: ["replace-with": "mask"], expected: "Card ***************1111."),
            StageExample("user pattern, terms and allow list",
                         input: "Ticket EMP-004211 for Project Apollo; contact info@example.com or help@example.com.",
                         options: ["patterns": [["name": "employee-id", "regex": "EMP-\\d{6}"]], "terms": ["project apollo"],
                                   "allow": ["info@example.com"]],
                         expected: "Ticket [EMPLOYEE-ID] for [TERM]; contact info@example.com or [EMAIL].",
                         expectedAnnotations: ["employee-id", "term", "email"]),
            StageExample("nothing to redact", input: "The meeting moved to the third floor at 10:30 for 25 people.",
                         expected: "The meeting moved to the third floor at 10:30 for 25 people.", expectedAnnotations: []),
            StageExample("remove", input: "Mail bob@example.com today.", options: ["replace-with": "remove"],
                         expected: "Mail today."),
            StageExample("metadata is scanned too", input: "Status update.",
                         inputMetadata: ["from": "jane.miller@example.com", "title": "Call +44 20 7946 0958"],
                         expected: "Status update.",
                         expectedMetadata: ["from": "[EMAIL]", "title": "Call [PHONE]"]),
        ], reportsFindings: true)

    /// What replaces a finding (option `replace-with`; its cases are the values the spec admits).
    public enum Operator: String, Decodable, CaseIterable, Sendable {
        /// `[EMAIL]`: the type as a tag.
        case tag
        /// The value with all but its last `mask-keep` characters masked.
        case mask
        /// `[EMAIL:3f2a9c1b7d4e]`: a keyed HMAC of type and value.
        case hash
        /// `PERSON_1`, `EMAIL_1` …, consistent within a document.
        case pseudonym
        /// Nothing: the value is deleted.
        case remove
    }

    let kinds: KindSet
    let detectors: Detectors
    let person: PersonDetector?
    let patterns: [CompiledPattern]
    let termMatcher: TermMatcher
    let typeNames: [String]
    let tags: [String]
    let allow: Set<String>
    let failOn: Set<Int>
    let op: Operator
    let maskKeep: Int
    let maskChar: String
    let hashKey: [UInt8]?
    let hashLength: Int
    let fields: FieldSelection

    /// The error for an entity whose bundled data is missing (a binary copied without its resources).
    static func missingData(_ what: String, entity: String) -> StageOptionError {
        StageOptionError(option: "entities",
                         "\(what) not found: keep the pipeline_Redact.resources folder next to the pipeline executable, or leave '\(entity)' out")
    }

    /// Validates the options and prepares detectors (loads the name lists when `person` is on).
    public init(options: Options, setup: StageSetup) throws {
        var kinds = KindSet()
        for entityName in options.entities {
            guard let kind = Kind(name: entityName) else { throw StageOptionError(option: "entities", "unknown entity '\(entityName)'") }
            kinds.insert(kind)
        }
        self.kinds = kinds
        self.detectors = Detectors(kinds: kinds)
        if kinds.contains(.secret) && SecretCatalogue.shared.rules.isEmpty {
            throw Self.missingData("the secret rules (Data/secret_rules.bin) were", entity: "secret")
        }
        if kinds.contains(.phone) && PhonePlans.shared == nil {
            throw Self.missingData("the phone numbering plans (Data/phone_plans.txt) were", entity: "phone")
        }
        if kinds.contains(.iban) && IbanRegistry.shared == nil {
            throw Self.missingData("the IBAN registry (Data/iban_registry.txt) was", entity: "iban")
        }
        self.fields = try FieldSelection(options.fields)
        if kinds.contains(.person) {
            guard let lexicon = Lexicon.shared else {
                throw Self.missingData("the name lists for 'person' (Names/*.txt) were", entity: "person")
            }
            self.person = PersonDetector(lexicon: lexicon)
        } else {
            self.person = nil
        }
        var names = Kind.allCases.map(\.name)
        func typeIndex(_ name: String) -> Int {
            if let i = names.firstIndex(of: name) { return i }
            names.append(name)
            return names.count - 1
        }
        // Patterns.
        var compiled: [CompiledPattern] = []
        for (i, rule) in options.patterns.enumerated() {
            let name = rule.name.trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "]" }) {
                throw StageOptionError(option: "patterns", "a pattern name must be one word such as 'employee-id'", path: [String(i), "name"])
            }
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: rule.regex, options: rule.caseSensitive ? [] : [.caseInsensitive])
            } catch {
                throw StageOptionError(option: "patterns", "invalid regular expression for pattern '\(name)'", path: [String(i), "regex"])
            }
            if rule.contextWindow < 1 || rule.contextWindow > 1000 {
                throw StageOptionError(option: "patterns", "context-window must be 1...1000", path: [String(i), "context-window"])
            }
            compiled.append(CompiledPattern(regex: regex, type: typeIndex(name), validator: rule.validator,
                                            context: WordsByFirstByte((rule.context ?? []).map { Array($0.lowercased().utf8) }),
                                            window: rule.contextWindow))
        }
        self.patterns = compiled
        // Terms.
        var terms: [(String, Int)] = []
        func term(_ value: Value, path: [String]) throws -> String {
            guard let text = value.stringValue, !text.isEmpty else {
                throw StageOptionError(option: "terms", "expected a non-empty string", path: path)
            }
            return text
        }
        switch options.terms {
        case .array(let list):
            for (index, item) in list.enumerated() { terms.append((try term(item, path: [String(index)]), typeIndex("term"))) }
        case .object(let map):
            for key in map.keys.sorted() {
                let type = typeIndex(key)
                for (index, item) in (map[key]?.arrayValue ?? []).enumerated() { terms.append((try term(item, path: [key, String(index)]), type)) }
            }
        default:
            break   // the spec's type admits only a list or a mapping of lists (resolve made single strings lists)
        }
        self.termMatcher = TermMatcher(terms)
        self.typeNames = names
        self.tags = names.map { "[" + $0.uppercased() + "]" }
        self.allow = Set(options.allow.map { $0.lowercased() })
        // fail-on.
        var failOn = Set<Int>()
        for (i, typeName) in options.failOn.enumerated() {
            guard let idx = names.firstIndex(of: typeName) else {
                var message = "unknown type '\(typeName)' (types: \(names.joined(separator: ", ")))"
                if let suggestion = Suggestion.closest(to: typeName, in: names) { message = "unknown type '\(typeName)' (did you mean '\(suggestion)'?)" }
                throw StageOptionError(option: "fail-on", message, path: [String(i)])
            }
            if idx < Kind.allCases.count && !kinds.contains(Kind(rawValue: idx)!) {
                throw StageOptionError(option: "fail-on", "'\(typeName)' is not among the detected entities", path: [String(i)])
            }
            failOn.insert(idx)
        }
        self.failOn = failOn
        // Operator.
        op = options.replaceWith
        if options.maskKeep < 0 { throw StageOptionError(option: "mask-keep", "must be 0 or more") }
        self.maskKeep = options.maskKeep
        if options.maskChar.unicodeScalars.count != 1 { throw StageOptionError(option: "mask-char", "must be one character") }
        self.maskChar = options.maskChar
        if options.hashLength < 8 || options.hashLength > 64 { throw StageOptionError(option: "hash-length", "must be 8...64") }
        self.hashLength = options.hashLength
        if op == .hash {
            guard let env = options.hashKeyEnv, !env.isEmpty else {
                throw StageOptionError(option: "replace-with", "'hash' needs option 'hash-key-env' naming the environment variable that holds the key")
            }
            if let key = setup.environment[env], !key.isEmpty {
                hashKey = Array(key.utf8)
            } else if !setup.checksEnvironment {
                hashKey = nil
            } else {
                throw StageOptionError(option: "hash-key-env", "environment variable '\(env)' is not set or empty (it must hold the HMAC key)")
            }
        } else {
            hashKey = nil
        }
    }

    /// Detects, resolves overlaps and replaces, in the text and in the selected metadata values.
    /// Safe to call concurrently.
    public func processSynchronously(_ document: consuming Document, context: StageContext) throws -> [Document] {
        // The document becomes the output (no use of `document` after this: see
        // `SynchronousStage`), so new annotations go into its own array.
        var doc = document
        var counts: [Int: Int] = [:]
        let firstNew = doc.annotations.count
        if fields.text, let result = redact(doc.text) {
            doc.text = result.text
            doc.annotations.reserveCapacity(doc.annotations.count + result.spans.count)
            for span in result.spans {
                doc.annotations.append(Annotation(stage: Self.spec.name, type: typeNames[span.type], start: span.start, end: span.end))
                if !failOn.isEmpty { counts[span.type, default: 0] += 1 }
            }
        }
        for key in doc.metadata.keys.sorted() where fields.wants(key) {
            let value = doc.metadata[key]!
            let redacted = redact(value, field: "metadata." + key, selected: fields.selects(key), into: &doc.annotations, counts: &counts)
            if let redacted { doc.metadata[key] = redacted }
        }
        // Counts are kept only for `fail-on` (empty without it).
        let tripped = counts.keys.filter { failOn.contains($0) }.sorted()
        if !tripped.isEmpty {
            let what = tripped.map { "\(counts[$0]!) \(typeNames[$0])" }.joined(separator: ", ")
            let added = doc.annotations[firstNew...]
            let findings = tripped.map { typeIndex -> FailOnFinding in
                let first = added.first { $0.type == typeNames[typeIndex] }!
                var field: String?
                if case .string(let fieldPath)? = first.attributes["field"] { field = fieldPath }
                return FailOnFinding(type: typeNames[typeIndex], count: counts[typeIndex]!, start: first.start, end: first.end, field: field)
            }
            context.failRun(reason: "redact found \(what) in document '\(doc.id)'", documentID: doc.id, findings: findings)
        }
        return [doc]
    }

    /// Redacts the strings in a metadata value (nested objects and arrays too); `nil` when
    /// nothing changed. Findings become annotations with `field` set to the value's path.
    func redact(_ value: Value, field: String, selected: Bool, into annotations: inout [Annotation], counts: inout [Int: Int]) -> Value? {
        switch value {
        case .string(let text):
            guard selected, let redacted = redact(text) else { return nil }
            for span in redacted.spans {
                annotations.append(Annotation(stage: Self.spec.name, type: typeNames[span.type], start: span.start, end: span.end,
                                              attributes: ["field": .string(field)]))
                if !failOn.isEmpty { counts[span.type, default: 0] += 1 }
            }
            return .string(redacted.text)
        case .array(let items):
            var out = items, changed = false
            for (index, item) in items.enumerated() {
                if let redacted = redact(item, field: field + "." + String(index), selected: selected, into: &annotations, counts: &counts) {
                    out[index] = redacted
                    changed = true
                }
            }
            return changed ? .array(out) : nil
        case .object(let map):
            var out = map, changed = false
            for key in map.keys.sorted() {
                let path = field + "." + key
                let sel = selected || fields.selects(path: path)
                if !sel && !fields.wants(path: path) { continue }
                if let redacted = redact(map[key]!, field: path, selected: sel, into: &annotations, counts: &counts) {
                    out[key] = redacted
                    changed = true
                }
            }
            return changed ? .object(out) : nil
        default:
            return nil
        }
    }

    /// Redacts one string: the new string and the accepted findings in Unicode scalar offsets
    /// of the input, or `nil` when nothing was found.
    func redact(_ input: String) -> (text: String, spans: [(type: Int, start: Int, end: Int)])? {
        var text = input
        return text.withUTF8 { buf -> (text: String, spans: [(type: Int, start: Int, end: Int)])? in
            let bytes = Bytes(buf)
            let found = findAll(bytes, text: input)
            if found.isEmpty { return nil }
            return (render(bytes, found, text: input), Self.scalarSpans(bytes, found, isASCII: input.isKnownASCII))
        }
    }

    /// The types and Unicode scalar offsets of sorted, non-overlapping matches, in one pass.
    static func scalarSpans(_ bytes: Bytes, _ matches: [Match], isASCII: Bool) -> [(type: Int, start: Int, end: Int)] {
        var cursor = ScalarOffsets.Cursor(bytes.buffer, isASCII: isASCII)
        var out: [(type: Int, start: Int, end: Int)] = []
        out.reserveCapacity(matches.count)
        for match in matches {
            let start = cursor.scalarOffset(ofByte: match.start)
            out.append((type: match.type, start: start, end: cursor.scalarOffset(ofByte: match.end)))
        }
        return out
    }

    /// Every accepted finding, sorted by start, without overlaps.
    func findAll(_ bytes: Bytes, text: String) -> [Match] {
        // Room for the findings of most documents at once: growing from empty (1, 2, 4, 8 …)
        // cost more than the scan's own work at each finding (news items: 93% have one or more).
        var out: [Match] = []
        out.reserveCapacity(16)
        if !termMatcher.isEmpty { termMatcher.find(bytes, priority: -2, into: &out) }
        if !patterns.isEmpty { findPatterns(bytes, text: text, into: &out) }
        if kinds.bits & ~(1 << UInt32(Kind.person.rawValue)) != 0 {
            // Scan a folded copy when the text has no-break spaces, fullwidth forms or
            // zero-width characters, and map the findings back to the original bytes.
            if let folded = FoldedText.fold(bytes.buffer) {
                var found: [Match] = []
                folded.bytes.withUnsafeBufferPointer { detectors.scan(Bytes($0), into: &found) }
                for var match in found {
                    (match.start, match.end) = folded.original(match.start, match.end)
                    out.append(match)
                }
            } else {
                detectors.scan(bytes, into: &out)
            }
        }
        person?.find(bytes, type: Kind.person.rawValue, priority: Kind.person.rawValue, into: &out)
        if !allow.isEmpty {
            out.removeAll { match in
                allow.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes.buffer[match.start..<match.end]), as: UTF8.self).lowercased())
            }
        }
        return Self.resolve(out)
    }

    /// Keeps, by priority then length then position, every candidate that overlaps none kept before.
    static func resolve(_ candidates: [Match]) -> [Match] {
        if candidates.count <= 1 { return candidates }
        if let disjoint = disjointInOrder(candidates) { return disjoint }
        let order = candidates.sorted {
            if $0.priority != $1.priority { return $0.priority < $1.priority }
            if $0.length != $1.length { return $0.length > $1.length }
            return $0.start < $1.start
        }
        if order.count > 64 { return resolveMany(order) }
        var kept: [Match] = []
        kept.reserveCapacity(order.count)
        for match in order where match.end > match.start {
            // Binary search for the first kept interval starting at or after m.start.
            var lo = 0, hi = kept.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if kept[mid].start < match.start { lo = mid + 1 } else { hi = mid }
            }
            if lo < kept.count && kept[lo].start < match.end { continue }
            if lo > 0 && kept[lo - 1].end > match.start { continue }
            kept.insert(match, at: lo)
        }
        return kept
    }

    /// The non-empty candidates when they already stand in start order and none overlaps the
    /// next, else nil. Then every one is kept and `resolve` has nothing to decide: the common case,
    /// since the scanner finds candidates from left to right and findings in prose rarely touch.
    static func disjointInOrder(_ candidates: [Match]) -> [Match]? {
        var previousEnd = 0
        var empty = 0
        for candidate in candidates {
            if candidate.end <= candidate.start {
                empty += 1
                continue
            }
            if candidate.start < previousEnd { return nil }
            previousEnd = candidate.end
        }
        return empty == 0 ? candidates : candidates.filter { $0.end > $0.start }
    }

    /// `resolve` for many candidates (already in priority order): occupied bytes are marked in a
    /// bit set, so the cost is linear in the candidates and their lengths, not quadratic.
    static func resolveMany(_ order: [Match]) -> [Match] {
        let limit = order.reduce(0) { max($0, $1.end) }
        var used = [UInt64](repeating: 0, count: limit / 64 + 1)
        var kept: [Match] = []
        kept.reserveCapacity(order.count)
        for match in order where match.end > match.start {
            var free = true
            for k in match.start..<match.end where used[k >> 6] & (1 << UInt64(k & 63)) != 0 { free = false; break }
            if !free { continue }
            for k in match.start..<match.end { used[k >> 6] |= 1 << UInt64(k & 63) }
            kept.append(match)
        }
        kept.sort { $0.start < $1.start }
        return kept
    }

    /// Runs the user regexes (NSRegularExpression works in UTF-16; offsets are mapped back to bytes).
    func findPatterns(_ bytes: Bytes, text: String, into out: inout [Match]) {
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        for pattern in patterns {
            for result in pattern.regex.matches(in: text, options: [], range: whole) {
                let utf16Range = result.range
                guard utf16Range.length > 0, let range = Range(utf16Range, in: text) else { continue }
                let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
                let end = start + text.utf8.distance(from: range.lowerBound, to: range.upperBound)
                if let validator = pattern.validator, !Validators.check(validator, String(text[range])) { continue }
                if !pattern.context.isEmpty && !bytes.hasContext(start, end, before: pattern.window, after: pattern.window, words: pattern.context) {
                    continue
                }
                out.append(Match(start: start, end: end, type: pattern.type, priority: -1))
            }
        }
    }

    /// The output text: findings replaced by the operator. Unchanged stretches are appended as
    /// substrings of the (already valid) input, so the output needs no UTF-8 re-validation.
    func render(_ bytes: Bytes, _ matches: [Match], text: String) -> String {
        if matches.isEmpty { return text }
        let utf8 = text.utf8
        func index(_ k: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: k) }
        var out = ""
        out.reserveCapacity(bytes.count + 16)
        var pos = 0
        var pseudonyms: [String: String] = [:]
        var personWords: [String: String] = [:] // words of full names, for later short mentions
        var counters: [Int: Int] = [:]
        for match in matches {
            var start = match.start
            if op == .remove {
                // Drop one of two spaces around a removed value.
                if start > pos && bytes.buffer[start - 1] == ASCII.space && (match.end >= bytes.count || bytes.buffer[match.end] == ASCII.space || bytes.buffer[match.end] == ASCII.dot
                                                        || bytes.buffer[match.end] == ASCII.comma) {
                    start -= 1
                }
            }
            if start > pos { out.append(contentsOf: text[index(pos)..<index(start)]) }
            switch op {
            case .tag:
                out.append(tags[match.type])
            case .remove:
                break
            case .mask:
                let scalars = Array(text[index(match.start)..<index(match.end)].unicodeScalars)
                let keep = min(maskKeep, scalars.count / 2)
                out.append(String(repeating: maskChar, count: scalars.count - keep))
                for sc in scalars.suffix(keep) { out.unicodeScalars.append(sc) }
            case .hash:
                let name = typeNames[match.type]
                var mac = HMAC<SHA256>(key: SymmetricKey(data: hashKey ?? []))
                mac.update(data: Array(name.utf8) + [0])
                mac.update(data: UnsafeBufferPointer(rebasing: bytes.buffer[match.start..<match.end]))
                let hex = PlainFormatting.hex(mac.finalize())
                out.append("[" + name.uppercased() + ":" + hex.prefix(hashLength) + "]")
            case .pseudonym:
                let value = String(text[index(match.start)..<index(match.end)]).lowercased()
                let key = String(match.type) + "\u{0}" + value
                let isPerson = match.type == Kind.person.rawValue
                let label: String
                if let pseudonym = pseudonyms[key] {
                    label = pseudonym
                } else if isPerson, !value.contains(" "), let pseudonym = personWords[value] {
                    label = pseudonym // "Jalili" after "Abdul Hameed Jalili"
                    pseudonyms[key] = pseudonym
                } else {
                    let next = counters[match.type, default: 0] + 1
                    counters[match.type] = next
                    label = typeNames[match.type].uppercased().replacingEvery("-", with: "_") + "_" + String(next)
                    pseudonyms[key] = label
                    if isPerson {
                        for word in value.split(separator: " ") where word.count > 2 && personWords[String(word)] == nil {
                            personWords[String(word)] = label
                        }
                    }
                }
                out.append(label)
            }
            pos = match.end
        }
        if pos < bytes.count { out.append(contentsOf: text[index(pos)...]) }
        return out
    }
}
