// The scanner's fast lane for entity sets that need no look at words: only the bytes that can
// anchor a finding are visited, found eight bytes at a time.

/// The bytes at which `Detectors.scan` can find something when the enabled kinds (`person`
/// aside, which the scanner never looks for) are among email, phone and url, or `nil` for any
/// other set, which needs the general scanner.
///
/// With those kinds the general scanner finds entities only at:
/// - a digit at a word start (`numberAt`: phone), `+` or `(` (phone);
/// - `@` (email, its local part found by scanning back);
/// - a dot followed by a letter or digit, or a colon, ending a word that starts with a letter at a
///   word boundary (a bare domain, `www.`, or a `http://`, `https://`, `ftp://` URL).
///
/// Every other byte is one the general scanner passes over without looking back or ahead, so
/// visiting only these, in order and never behind the end of the last finding or skipped
/// number, finds exactly the same candidates (`TriggerScanTests` compares the two).
struct TriggerBytes: Equatable, Sendable {
    /// Digits, `+` and `(`: phone.
    let phone: Bool
    /// `@`: email.
    let email: Bool
    /// `.` and `:`: url.
    let url: Bool

    /// Each trigger byte in every lane, or 0x80 in every lane when its kind is off (no byte
    /// equals that once the high bits are cleared), and all ones when digits are triggers: so
    /// `mask` needs no branch per kind.
    private let plusLanes: UInt64, lparenLanes: UInt64, atLanes: UInt64, dotLanes: UInt64, colonLanes: UInt64, digitLanes: UInt64

    init?(kinds: KindSet) {
        let own = KindSet.bits(of: [.email, .phone, .url])
        let scanned = kinds.bits & ~KindSet.bits(of: [.person])
        guard scanned != 0, scanned & ~own == 0 else { return nil }
        phone = kinds.contains(.phone)
        email = kinds.contains(.email)
        url = kinds.contains(.url)
        func lanes(_ byte: UInt8, _ on: Bool) -> UInt64 { Detectors.ones &* UInt64(on ? byte : 0x80) }
        plusLanes = lanes(ASCII.plus, phone)
        lparenLanes = lanes(ASCII.lparen, phone)
        atLanes = lanes(ASCII.at, email)
        dotLanes = lanes(ASCII.dot, url)
        colonLanes = lanes(ASCII.colon, url)
        digitLanes = phone ? ~0 : 0
    }

    /// The high bit of each byte in the eight `chunk` holds that is a trigger. Bytes at or above
    /// 0x80 never are; their high bits are cleared first, so no lane carries into the next.
    @inline(__always) func mask(_ chunk: UInt64) -> UInt64 {
        let ascii = chunk & ~Detectors.high
        // The high bit of a lane is clear exactly when the lane equals the pattern's byte.
        @inline(__always) func differs(_ lanes: UInt64) -> UInt64 {
            let x = ascii ^ lanes
            return (x &+ ~Detectors.high) | x
        }
        let equal = ~(differs(plusLanes) & differs(lparenLanes) & differs(atLanes) & differs(dotLanes) & differs(colonLanes))
        let digits = Detectors.inRange(ascii, 0x30, 0x39) & digitLanes
        return (equal | digits) & ~chunk & Detectors.high
    }

    /// Whether `byte` is a trigger (the bytes `mask` finds, one at a time).
    @inline(__always) func contains(_ byte: UInt8) -> Bool {
        (phone && (ASCII.isDigit(byte) || byte == ASCII.plus || byte == ASCII.lparen)) || (email && byte == ASCII.at)
            || (url && (byte == ASCII.dot || byte == ASCII.colon))
    }
}

extension KindSet {
    /// The bit mask of `kinds`.
    static func bits(of kinds: [Kind]) -> UInt32 { kinds.reduce(0) { $0 | 1 << UInt32($1.rawValue) } }
}

extension Detectors {
    /// `scan` for kinds with `TriggerBytes`: the same candidates in the same order, found by
    /// visiting only the trigger bytes.
    func scanTriggers(_ bytes: Bytes, _ triggers: TriggerBytes, into out: inout [Match]) {
        let text = bytes.buffer, count = bytes.count
        guard let base = text.baseAddress else { return }
        // `floor`: where the general scanner would stand after the last finding or skipped
        // number; nothing before it starts a candidate. `p`: where the search goes on.
        var floor = 0, p = 0
        while true {
            // The next trigger at or after `p`.
            var t = -1
            while p + 8 <= count {
                let found = triggers.mask(UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                if found != 0 {
                    t = p + found.trailingZeroBitCount >> 3
                    break
                }
                p += 8
            }
            if t < 0 {
                while p < count && !triggers.contains(text[p]) { p += 1 }
                if p >= count { return }
                t = p
            }
            let byte = text[t]
            p = t + 1
            if ASCII.isDigit(byte) {
                if t > 0 && ASCII.isWordByte(text[t - 1]) {
                    // Inside a word or number: nothing starts before its end.
                    while p < count && ASCII.isAlphanumeric(text[p]) { p += 1 }
                    continue
                }
                floor = numberAt(bytes, t, &out)
                p = floor
            } else if byte == ASCII.at {
                if let found = Detectors.email(bytes, at: t) {
                    out.append(Match(start: found.start, end: found.end, type: Kind.email.rawValue, priority: Kind.email.rawValue))
                    floor = found.end
                    p = floor
                }
            } else if byte == ASCII.plus || byte == ASCII.lparen {
                if bytes.leftClean(t) || byte == ASCII.lparen, let found = Detectors.phone(bytes, t) {
                    out.append(Match(start: t, end: found, type: Kind.phone.rawValue, priority: Kind.phone.rawValue))
                    floor = found
                    p = floor
                }
            } else {
                // A dot or a colon: a URL at the word that ends here, when the general scanner
                // would stand at that word's start (a letter at a word boundary, not behind `floor`).
                var start = t
                while start > floor && ASCII.isAlphanumeric(text[start - 1]) { start -= 1 }
                if start == t || !ASCII.isLetter(text[start]) || (start > 0 && ASCII.isWordByte(text[start - 1])) { continue }
                let urlEnd = byte == ASCII.dot ? Detectors.bareDomainAtWord(bytes, start, wordEnd: t) : Detectors.schemeURLAtWord(bytes, start, wordEnd: t)
                if let urlEnd {
                    out.append(Match(start: start, end: urlEnd, type: Kind.url.rawValue, priority: Kind.url.rawValue))
                    floor = urlEnd
                    p = floor
                }
            }
        }
    }
}
