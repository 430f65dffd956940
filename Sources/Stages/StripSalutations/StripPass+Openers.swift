import Foundation

// Greetings at the start: greeting lines, greeting sentences, title prefixes and addressee lines.
extension StripPass {
    // MARK: Openers

    /// Removes greeting lines and greeting sentences/title prefixes at the start.
    func openers(from start: Int) {
        var examined = 0
        var skippedTitle = false
        var i = start
        while i < lines.count && examined < 4 {
            let l = lines[i]
            if l.blank || l.removed { i += 1; continue }
            if l.quoteLine { return }
            examined += 1
            // A long line (no title, no addressee) that cannot open with a greeting, told from its bytes.
            if opensWithoutGreeting(i) { return }
            let (head, _) = norm(i, limit: 48)
            if examined == 1 && isBareAddresseeLine(i) && hasContent(after: i) { removeLine(i, "greeting"); i += 1; continue }
            if !stripper.greetings.couldMatch(head.s, from: 0) && !isAddresseeLine(head, lines[i].end - lines[i].start > 48) && !isNameThenGreeting(head, lines[i].end - lines[i].start > 48) {
                if !skippedTitle && examined == 1 && lines[i].end - lines[i].start < 160 && isTitleLike(norm(i, limit: 200).t, false) { skippedTitle = true; i += 1; continue }
                return
            }
            let (t, truncated) = norm(i, limit: 240)
            if examined <= 2 && isAddresseeLine(t, truncated) { removeLine(i, "greeting"); i += 1; continue }
            if examined <= 2 && isNameThenGreeting(t, truncated) { removeLine(i, "greeting"); i += 1; continue }
            if let p = greetingEnd(t, truncated: truncated) {
                if p >= t.count && !truncated {
                    removeLine(i, "greeting")
                } else {
                    let (a, _) = trimmed(i)
                    let cut = t.start[p]
                    removals.append(Removal(type: "greeting", start: a, end: trimEnd(a, cut)))
                    lines[i].keepFrom = cut
                }
                i += 1
                continue
            }
            // A short title line may precede the greeting ("Title\nAssalamualaikum. Body").
            if !skippedTitle && examined == 1 && isTitleLike(t, truncated) { skippedTitle = true; i += 1; continue }
            return
        }
    }

    /// Gate for the body's first line: at least 160 bytes (so neither a title nor an addressee line)
    /// whose first 48 bytes (the head `openers` normalizes) cannot open with a greeting. Says what
    /// the normalized checks would, without normalizing.
    func opensWithoutGreeting(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard lines[i].end - lines[i].start >= 160, e - a > 48 else { return false }
        var y = a + 48
        while y > a && bytes[y] & 0xC0 == 0x80 { y -= 1 }
        return stripper.greetings.couldMatchBytes(bytes, from: a, to: y) == false
    }

    /// "张伟，你好！", "Marta, hola": a short name, a comma and a greeting that ends the line.
    func isNameThenGreeting(_ t: NText, _ truncated: Bool) -> Bool {
        guard !truncated, t.count >= 3, t.count <= 32 else { return false }
        guard let comma = t.s.firstIndex(of: 0x2C), comma >= 1, comma <= 14 else { return false }
        var words = 1
        for c in t.s[0..<comma] where c == asciiSpace { words += 1 }
        guard words <= 3 else { return false }
        var k = comma + 1
        while k < t.count && t.s[k] == asciiSpace { k += 1 }
        guard k < t.count, let m = stripper.greetings.longest(t.s, from: k, to: t.count), m.flag & Trie.exact != 0 else { return false }
        var r = m.end
        while r < t.count && (t.s[r] == asciiSpace || StripPass.isStopPunct(t.s[r])) { r += 1 }
        return r == t.count
    }

    /// `true` when a non-blank line follows line `i`.
    func hasContent(after i: Int) -> Bool {
        var k = i + 1
        while k < lines.count && (lines[k].blank || lines[k].removed) { k += 1 }
        return k < lines.count
    }

    /// Generic addressees after a greeting word: "all", "team", "folks", "man" ("Morning all!", "Hey man!").
    static let genericAddressees: Set<[UInt32]> = Set(["all", "everyone", "everybody", "team", "guys", "folks", "man", "mate", "mates", "there", "y'all", "yall", "friends", "dude", "bro", "buddy", "gang", "people", "both", "you", "ya", "lads", "ladies", "gents", "chaps", "fam", "crew", "tous", "todos", "todas", "tutti", "alle", "zusammen", "allemaal", "kaikki", "wszystkim", "всем"].map { Array($0.unicodeScalars.map(\.value)) })

    func isGenericAddressee(_ s: [UInt32], _ k: Int) -> Bool {
        var j = k
        while j < s.count && s[j] != asciiSpace && !StripPass.isStopPunct(s[j]) { j += 1 }
        return j - k <= 9 && StripPass.genericAddressees.contains(Array(s[k..<j]))
    }

    /// "Ana," or "Marta Ruiz," alone on the first line: the addressee, without a greeting word.
    func isBareAddresseeLine(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 3, e - a <= 40, bytes[e - 1] == 0x2C else { return false }
        guard isNameLine(i, endingWith: e - 1) else { return false }
        // Discourse words and datelines ("However,", "Meanwhile,", "WASHINGTON,") are not names.
        let word = Normalizer.normalize(bytes, a, e - 1)
        if StripPass.notAddressees.contains(word.s) { return false }
        var upper = 0, letters = 0
        for k in a..<(e - 1) where bytes[k] >= 0x41 && bytes[k] <= 0x7A { letters += 1; if bytes[k] <= 0x5A { upper += 1 } }
        return !(letters >= 3 && upper == letters)
    }

    static let notAddressees: Set<[UInt32]> = Set(["however", "meanwhile", "yes", "no", "well", "so", "also", "first", "firstly", "secondly", "finally", "anyway", "ok", "okay", "sure", "thus", "hence", "therefore", "besides", "moreover", "furthermore", "again", "today", "yesterday", "tomorrow", "now", "then", "still", "instead", "otherwise", "overall", "unfortunately", "fortunately", "honestly", "frankly", "actually", "basically", "indeed", "sorry", "please", "oh", "ah", "right", "great", "perfect", "cool", "noted", "agreed", "done", "update", "note", "fyi", "ps", "plus", "and", "but", "or", "background", "summary", "details", "agenda", "notes", "context", "problem", "question", "answer", "result", "results", "status", "subject", "re", "to", "from", "date", "sent", "cc", "attendees", "ingredients", "steps", "example", "examples", "warning", "important", "update", "news", "breaking news", "in short", "in brief", "for example", "of course", "in addition", "as a result", "on the other hand", "in other words", "sin embargo", "ademas", "pero", "jedoch", "aber", "also", "cependant", "mais", "oui", "non", "si", "ja", "nein", "nee", "tak", "nie", "da", "net", "hola", "ciao"].map { Normalizer.normalize($0) })

    /// Japanese/Chinese addressee lines: "田中様", "営業部 御中", "各位".
    static let addresseeSuffixes: [[UInt32]] = ["様", "さま", "殿", "御中", "各位", "さん", "先生"].map { Array($0.unicodeScalars.map(\.value)) }

    func isAddresseeLine(_ t: NText, _ truncated: Bool) -> Bool {
        guard !truncated, t.count >= 2, t.count <= 16 else { return false }
        var e = t.count
        while e > 0 && StripPass.isStopPunct(t.s[e - 1]) { e -= 1 }
        guard e >= 2, Fold.isUnspaced(t.s[e - 1]) else { return false }
        for suffix in StripPass.addresseeSuffixes where e >= suffix.count && Array(t.s[(e - suffix.count)..<e]) == suffix { return true }
        // Chinese titles only with the letter's colon or comma ("王经理：", "李老师，"), never a bare headline ending in them.
        if e < t.count && (t.s[e] == 0x3A || t.s[e] == 0x2C) {
            for suffix in StripPass.addresseeTitleSuffixes where e >= suffix.count + 1 && Array(t.s[(e - suffix.count)..<e]) == suffix {
                // "张总：" is an addressee, "数据汇总：" (summary) / "合总" / "统总" are not.
                if suffix.count == 1, let before = Unicode.Scalar(t.s[e - 2]), "汇匯合统統总總".unicodeScalars.contains(before) { continue }
                return true
            }
        }
        return false
    }

    /// Endings of a self-introduction after a greeting ("田中です", "김민수입니다", "山田と申します").
    static let selfIntroEndings: [[UInt32]] = ["です", "と申します", "でございます", "입니다"].map { Array(Normalizer.normalize($0)) }

    /// Chinese addressee titles, taken only before a colon or comma: "王经理：", "张总，", "李老师：".
    static let addresseeTitleSuffixes: [[UInt32]] = ["经理", "經理", "总", "總", "老师", "老師", "女士", "小姐", "主任", "教授", "博士", "总监", "總監", "同学", "同學", "同事们", "领导"].map { Array($0.unicodeScalars.map(\.value)) }


    func isTitleLike(_ t: NText, _ truncated: Bool) -> Bool {
        if truncated || t.count == 0 || t.count > 160 { return false }
        let last = t.s[t.count - 1]
        if last == 0x2E || last == 0x3A || last == 0x2C { return false }
        return t.s.filter { $0 == asciiSpace }.count < 18
    }


    /// Where the body starts after the greeting(s) at the start of `t` (t.count: the whole line), or nil.
    func greetingEnd(_ t: NText, truncated: Bool) -> Int? {
        let n = t.count
        var p = 0
        var found = false
        var rounds = 0
        while p < n && rounds < 4 {
            rounds += 1
            let ms = stripper.greetings.matches(t.s, from: p, to: n)
            guard !ms.isEmpty else { break }
            var advanced = false
            for m in ms {
                // "Hi-tech": the phrase must not run into a hyphenated word.
                if m.end < n && t.s[m.end] == asciiSpace && bytes[t.start[m.end]] == 0x2D { continue }
                if let q = greetingTail(t, from: m.end, prefix: m.flag & Trie.prefix != 0 && m.flag & Trie.exact == 0,
                                        bare: m.flag & Trie.bare != 0, truncated: truncated) {
                    p = q; found = true; advanced = true
                    break
                }
            }
            if !advanced { break }
        }
        return found ? p : nil
    }

    /// After a greeting phrase ending at `i`: where the greeting ends (n: whole line), or nil.
    func greetingTail(_ t: NText, from i: Int, prefix: Bool, bare: Bool, truncated: Bool) -> Int? {
        let s = t.s, n = t.count
        if prefix {
            // A greeting sentence ("i hope this email finds you well *"): up to its end.
            var k = i, words = 0
            while k < n {
                let c = s[k]
                if c == asciiSpace { words += 1; if words > 25 { return nil } }
                if (c == 0x2E || c == 0x21 || c == 0x3F) && (k + 1 == n || s[k + 1] == asciiSpace) { break }
                k += 1
            }
            if k >= n { return truncated ? nil : n }
            k += 1
            while k < n && (s[k] == asciiSpace || StripPass.isStopPunct(s[k])) { k += 1 }
            return k
        }
        var i = i
        // Chained greetings: "Assalamu alaikum" + "wa rahmatullahi wa barakatuh", "Hi all" + "good morning".
        while true {
            var j = i
            while j < n && s[j] == asciiSpace { j += 1 }
            guard j < n, let m = self.stripper.greetings.longest(s, from: j, to: n), m.flag & Trie.exact != 0 else { break }
            i = m.end
        }
        var tokens = 0, capsOK = true, inToken = false
        var stop: UInt32 = 0, stopAt = -1
        var unspaced = 0
        var k = i
        while k < n {
            let c = s[k]
            if k - i > 48 { return nil }
            // CJK has no spaces: a name after a greeting is a few characters ("尊敬的张经理").
            if Fold.isUnspaced(c) { unspaced += 1; if unspaced > 6 { return nil } }
            if c == asciiSpace {
                inToken = false
                if k + 2 < n && (s[k + 1] == 0x2D || s[k + 1] == 0x7C) && s[k + 2] == asciiSpace { stop = 0x2D; stopAt = k + 1; break }
                k += 1; continue
            }
            if StripPass.isStopPunct(c) && (k + 1 == n || s[k + 1] == asciiSpace || StripPass.isStopPunct(s[k + 1]) || Fold.isUnspaced(s[k + 1])) && !(c == 0x2E && isAbbrevDot(s, k)) {
                stop = c; stopAt = k; break
            }
            if !inToken {
                inToken = true
                // "Hey man!", "Morning all!", "Hi both,": a generic addressee is not a name.
                if !isGenericAddressee(s, k) {
                    tokens += 1
                    if tokens > 5 { return nil }
                    if !notLowercase(at: t.start[k]) { capsOK = false }
                }
            }
            k += 1
        }
        if stopAt < 0 {
            if truncated { return nil }
            if bare && tokens > 0 { return nil }   // "Morning traffic", "Salam Fayyad"
            return tokens <= 2 ? n : nil
        }
        var r = stopAt + 1
        while r < n && (s[r] == asciiSpace || StripPass.isStopPunct(s[r]) || s[r] == 0x2D) { r += 1 }
        if r >= n {
            if truncated { return nil }
            switch stop {
            case 0x2C, 0x3A, 0x3B: return tokens <= 6 ? n : nil
            case 0x21: return tokens <= 3 ? n : nil
            default: return tokens <= 2 && (tokens <= 1 || capsOK) ? n : nil
            }
        }
        if bare && tokens > 0 { return nil }
        if stop == 0x2D { return tokens <= 2 && (tokens == 0 || capsOK) ? r : nil }
        if stop == 0x3F { return nil }
        // "Buenos días, dijo el presidente…": a greeting quoted in a sentence, not addressed to the reader.
        if stop == 0x2C && tokens == 0 && !notLowercase(at: t.start[r]) { return nil }
        if stop == 0x2C && tokens == 0 {
            // "Здравствуйте, Иван!" (a name after the comma ends the line) or "Hello, Dolly! revival…" (a title).
            var k2 = r, words = 1
            while k2 < n && words <= 3 {
                let c = s[k2]
                if c == asciiSpace { words += 1 }
                else if StripPass.isStopPunct(c) && (k2 + 1 == n || s[k2 + 1] == asciiSpace) {
                    var r2 = k2 + 1
                    while r2 < n && (s[r2] == asciiSpace || StripPass.isStopPunct(s[r2])) { r2 += 1 }
                    if r2 >= n {
                        if truncated || !notLowercase(at: t.start[r]) { return nil }
                        // Scripts without case: "مرحبا، أرسلت التقرير." / "你好，报告已发送。" is a sentence, not a
                        // name (those end with "!" or stand alone): only the greeting goes.
                        // A self-introduction stays part of the greeting: "はじめまして、田中です。", "안녕하세요, 김민수입니다."
                        if c == 0x2E && !isUppercase(at: t.start[r]) && !StripPass.selfIntroEndings.contains(where: { e in
                            k2 - r >= e.count && Array(s[(k2 - e.count)..<k2]) == e }) { return r }
                        return n
                    }
                    if (c == 0x21 || c == 0x2E) && !notLowercase(at: t.start[r2]) { return nil }
                    break
                }
                k2 += 1
            }
        }
        // "Hello Games, the studio behind X, announced…": an appositive, not an address.
        if stop == 0x2C && tokens > 0 {
            var k3 = r
            while k3 < n {
                let c = s[k3]
                if c == 0x2C || c == 0x3B { return nil }
                if (c == 0x2E || c == 0x21 || c == 0x3F) && (k3 + 1 == n || s[k3 + 1] == asciiSpace) { break }
                k3 += 1
            }
        }
        // After "Hello!" or "Salam." the body starts a new sentence: not a lowercase letter.
        if (stop == 0x2E || stop == 0x21) && !notLowercase(at: t.start[r]) { return nil }
        return (tokens == 0 || (tokens <= 3 && capsOK)) ? r : nil
    }
}
