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
            let line = lines[i]
            if line.blank || line.removed { i += 1; continue }
            if line.quoteLine { return }
            examined += 1
            // A long line (no title, no addressee) that cannot open with a greeting, told from its bytes.
            if opensWithoutGreeting(i) { return }
            let (head, _) = norm(i, limit: 48)
            if examined == 1 && isBareAddresseeLine(i) && hasContent(after: i) { removeLine(i, "greeting"); i += 1; continue }
            if !stripper.greetings.couldMatch(head.scalars, from: 0) && !isAddresseeLine(head, lines[i].end - lines[i].start > 48) && !isNameThenGreeting(head, lines[i].end - lines[i].start > 48) {
                if !skippedTitle && examined == 1 && lines[i].end - lines[i].start < 160 && isTitleLike(norm(i, limit: 200).text, false) { skippedTitle = true; i += 1; continue }
                return
            }
            let (text, truncated) = norm(i, limit: 240)
            if examined <= 2 && isAddresseeLine(text, truncated) { removeLine(i, "greeting"); i += 1; continue }
            if examined <= 2 && isNameThenGreeting(text, truncated) { removeLine(i, "greeting"); i += 1; continue }
            if let bodyStart = greetingEnd(text, truncated: truncated) {
                if bodyStart >= text.count && !truncated {
                    removeLine(i, "greeting")
                } else {
                    let (lineStart, _) = trimmed(i)
                    let cut = text.start[bodyStart]
                    removals.append(Removal(type: "greeting", start: lineStart, end: trimEnd(lineStart, cut)))
                    lines[i].keepFrom = cut
                }
                i += 1
                continue
            }
            // A short title line may precede the greeting ("Title\nAssalamualaikum. Body").
            if !skippedTitle && examined == 1 && isTitleLike(text, truncated) { skippedTitle = true; i += 1; continue }
            return
        }
    }

    /// Gate for the body's first line: at least 160 bytes (so neither a title nor an addressee line)
    /// whose first 48 bytes (the head `openers` normalizes) cannot open with a greeting. Says what
    /// the normalized checks would, without normalizing.
    func opensWithoutGreeting(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard lines[i].end - lines[i].start >= 160, end - start > 48 else { return false }
        var headEnd = start + 48
        while headEnd > start && bytes[headEnd] & 0xC0 == 0x80 { headEnd -= 1 }
        return stripper.greetings.couldMatchBytes(bytes, from: start, to: headEnd) == false
    }

    /// "张伟，你好！", "Marta, hola": a short name, a comma and a greeting that ends the line.
    func isNameThenGreeting(_ text: NText, _ truncated: Bool) -> Bool {
        guard !truncated, text.count >= 3, text.count <= 32 else { return false }
        guard let comma = text.scalars.firstIndex(of: 0x2C), comma >= 1, comma <= 14 else { return false }
        var words = 1
        for scalar in text.scalars[0..<comma] where scalar == asciiSpace { words += 1 }
        guard words <= 3 else { return false }
        var k = comma + 1
        while k < text.count && text.scalars[k] == asciiSpace { k += 1 }
        guard k < text.count, let greeting = stripper.greetings.longest(text.scalars, from: k, to: text.count), greeting.flag & Trie.exact != 0 else { return false }
        var rest = greeting.end
        while rest < text.count && (text.scalars[rest] == asciiSpace || StripPass.isStopPunct(text.scalars[rest])) { rest += 1 }
        return rest == text.count
    }

    /// `true` when a non-blank line follows line `i`.
    func hasContent(after i: Int) -> Bool {
        var k = i + 1
        while k < lines.count && (lines[k].blank || lines[k].removed) { k += 1 }
        return k < lines.count
    }

    /// Generic addressees after a greeting word: "all", "team", "folks", "man" ("Morning all!", "Hey man!").
    static let genericAddressees: Set<[UInt32]> = Set(["all", "everyone", "everybody", "team", "guys", "folks", "man", "mate", "mates", "there", "y'all", "yall", "friends", "dude", "bro", "buddy", "gang", "people", "both", "you", "ya", "lads", "ladies", "gents", "chaps", "fam", "crew", "tous", "todos", "todas", "tutti", "alle", "zusammen", "allemaal", "kaikki", "wszystkim", "всем"].map { Array($0.unicodeScalars.map(\.value)) })

    func isGenericAddressee(_ scalars: [UInt32], _ k: Int) -> Bool {
        var wordEnd = k
        while wordEnd < scalars.count && scalars[wordEnd] != asciiSpace && !StripPass.isStopPunct(scalars[wordEnd]) { wordEnd += 1 }
        return wordEnd - k <= 9 && StripPass.genericAddressees.contains(Array(scalars[k..<wordEnd]))
    }

    /// "Ana," or "Marta Ruiz," alone on the first line: the addressee, without a greeting word.
    func isBareAddresseeLine(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard end - start >= 3, end - start <= 40, bytes[end - 1] == 0x2C else { return false }
        guard isNameLine(i, endingWith: end - 1) else { return false }
        // Discourse words and datelines ("However,", "Meanwhile,", "WASHINGTON,") are not names.
        let word = normalized(start, end - 1)
        if StripPass.notAddressees.contains(word.scalars) { return false }
        var upper = 0, letters = 0
        for k in start..<(end - 1) where bytes[k] >= 0x41 && bytes[k] <= 0x7A { letters += 1; if bytes[k] <= 0x5A { upper += 1 } }
        return !(letters >= 3 && upper == letters)
    }

    static let notAddressees: Set<[UInt32]> = Set(["however", "meanwhile", "yes", "no", "well", "so", "also", "first", "firstly", "secondly", "finally", "anyway", "ok", "okay", "sure", "thus", "hence", "therefore", "besides", "moreover", "furthermore", "again", "today", "yesterday", "tomorrow", "now", "then", "still", "instead", "otherwise", "overall", "unfortunately", "fortunately", "honestly", "frankly", "actually", "basically", "indeed", "sorry", "please", "oh", "ah", "right", "great", "perfect", "cool", "noted", "agreed", "done", "update", "note", "fyi", "ps", "plus", "and", "but", "or", "background", "summary", "details", "agenda", "notes", "context", "problem", "question", "answer", "result", "results", "status", "subject", "re", "to", "from", "date", "sent", "cc", "attendees", "ingredients", "steps", "example", "examples", "warning", "important", "update", "news", "breaking news", "in short", "in brief", "for example", "of course", "in addition", "as a result", "on the other hand", "in other words", "sin embargo", "ademas", "pero", "jedoch", "aber", "also", "cependant", "mais", "oui", "non", "si", "ja", "nein", "nee", "tak", "nie", "da", "net", "hola", "ciao"].map { Normalizer.normalize($0) })

    /// Japanese/Chinese addressee lines: "田中様", "営業部 御中", "各位".
    static let addresseeSuffixes: [[UInt32]] = ["様", "さま", "殿", "御中", "各位", "さん", "先生"].map { Array($0.unicodeScalars.map(\.value)) }

    func isAddresseeLine(_ text: NText, _ truncated: Bool) -> Bool {
        guard !truncated, text.count >= 2, text.count <= 16 else { return false }
        var end = text.count
        while end > 0 && StripPass.isStopPunct(text.scalars[end - 1]) { end -= 1 }
        guard end >= 2, Fold.isUnspaced(text.scalars[end - 1]) else { return false }
        for suffix in StripPass.addresseeSuffixes where end >= suffix.count && Array(text.scalars[(end - suffix.count)..<end]) == suffix { return true }
        // Chinese titles only with the letter's colon or comma ("王经理：", "李老师，"), never a bare headline ending in them.
        if end < text.count && (text.scalars[end] == 0x3A || text.scalars[end] == 0x2C) {
            for suffix in StripPass.addresseeTitleSuffixes where end >= suffix.count + 1 && Array(text.scalars[(end - suffix.count)..<end]) == suffix {
                // "张总：" is an addressee, "数据汇总：" (summary) / "合总" / "统总" are not.
                if suffix.count == 1, let before = Unicode.Scalar(text.scalars[end - 2]), "汇匯合统統总總".unicodeScalars.contains(before) { continue }
                return true
            }
        }
        return false
    }

    /// Endings of a self-introduction after a greeting ("田中です", "김민수입니다", "山田と申します").
    static let selfIntroEndings: [[UInt32]] = ["です", "と申します", "でございます", "입니다"].map { Array(Normalizer.normalize($0)) }

    /// Chinese addressee titles, taken only before a colon or comma: "王经理：", "张总，", "李老师：".
    static let addresseeTitleSuffixes: [[UInt32]] = ["经理", "經理", "总", "總", "老师", "老師", "女士", "小姐", "主任", "教授", "博士", "总监", "總監", "同学", "同學", "同事们", "领导"].map { Array($0.unicodeScalars.map(\.value)) }


    func isTitleLike(_ text: NText, _ truncated: Bool) -> Bool {
        if truncated || text.count == 0 || text.count > 160 { return false }
        let last = text.scalars[text.count - 1]
        if last == 0x2E || last == 0x3A || last == 0x2C { return false }
        return text.scalars.filter { $0 == asciiSpace }.count < 18
    }


    /// Where the body starts after the greeting(s) at the start of `text` (`text.count`: the whole line), or nil.
    func greetingEnd(_ text: NText, truncated: Bool) -> Int? {
        let count = text.count
        var position = 0
        var found = false
        var rounds = 0
        while position < count && rounds < 4 {
            rounds += 1
            let matches = stripper.greetings.matches(text.scalars, from: position, to: count)
            guard !matches.isEmpty else { break }
            var advanced = false
            for match in matches {
                // "Hi-tech": the phrase must not run into a hyphenated word.
                if match.end < count && text.scalars[match.end] == asciiSpace && bytes[text.start[match.end]] == 0x2D { continue }
                if let tailEnd = greetingTail(text, from: match.end, prefix: match.flag & Trie.prefix != 0 && match.flag & Trie.exact == 0,
                                        bare: match.flag & Trie.bare != 0, truncated: truncated) {
                    position = tailEnd; found = true; advanced = true
                    break
                }
            }
            if !advanced { break }
        }
        return found ? position : nil
    }

    /// After a greeting phrase ending at `i`: where the greeting ends (`count`: the whole line), or nil.
    func greetingTail(_ text: NText, from i: Int, prefix: Bool, bare: Bool, truncated: Bool) -> Int? {
        let scalars = text.scalars, count = text.count
        if prefix {
            // A greeting sentence ("i hope this email finds you well *"): up to its end.
            var k = i, words = 0
            while k < count {
                let scalar = scalars[k]
                if scalar == asciiSpace { words += 1; if words > 25 { return nil } }
                if (scalar == 0x2E || scalar == 0x21 || scalar == 0x3F) && (k + 1 == count || scalars[k + 1] == asciiSpace) { break }
                k += 1
            }
            if k >= count { return truncated ? nil : count }
            k += 1
            while k < count && (scalars[k] == asciiSpace || StripPass.isStopPunct(scalars[k])) { k += 1 }
            return k
        }
        var i = i
        // Chained greetings: "Assalamu alaikum" + "wa rahmatullahi wa barakatuh", "Hi all" + "good morning".
        while true {
            var j = i
            while j < count && scalars[j] == asciiSpace { j += 1 }
            guard j < count, let greeting = stripper.greetings.longest(scalars, from: j, to: count), greeting.flag & Trie.exact != 0 else { break }
            i = greeting.end
        }
        var tokens = 0, capsOK = true, inToken = false
        var stop: UInt32 = 0, stopAt = -1
        var unspaced = 0
        var k = i
        while k < count {
            let scalar = scalars[k]
            if k - i > 48 { return nil }
            // CJK has no spaces: a name after a greeting is a few characters ("尊敬的张经理").
            if Fold.isUnspaced(scalar) { unspaced += 1; if unspaced > 6 { return nil } }
            if scalar == asciiSpace {
                inToken = false
                if k + 2 < count && (scalars[k + 1] == 0x2D || scalars[k + 1] == 0x7C) && scalars[k + 2] == asciiSpace { stop = 0x2D; stopAt = k + 1; break }
                k += 1; continue
            }
            if StripPass.isStopPunct(scalar) && (k + 1 == count || scalars[k + 1] == asciiSpace || StripPass.isStopPunct(scalars[k + 1]) || Fold.isUnspaced(scalars[k + 1])) && !(scalar == 0x2E && isAbbrevDot(scalars, k)) {
                stop = scalar; stopAt = k; break
            }
            if !inToken {
                inToken = true
                // "Hey man!", "Morning all!", "Hi both,": a generic addressee is not a name.
                if !isGenericAddressee(scalars, k) {
                    tokens += 1
                    if tokens > 5 { return nil }
                    if !notLowercase(at: text.start[k]) { capsOK = false }
                }
            }
            k += 1
        }
        if stopAt < 0 {
            if truncated { return nil }
            if bare && tokens > 0 { return nil }   // "Morning traffic", "Salam Fayyad"
            return tokens <= 2 ? count : nil
        }
        var rest = stopAt + 1
        while rest < count && (scalars[rest] == asciiSpace || StripPass.isStopPunct(scalars[rest]) || scalars[rest] == 0x2D) { rest += 1 }
        if rest >= count {
            if truncated { return nil }
            switch stop {
            case 0x2C, 0x3A, 0x3B: return tokens <= 6 ? count : nil
            case 0x21: return tokens <= 3 ? count : nil
            default: return tokens <= 2 && (tokens <= 1 || capsOK) ? count : nil
            }
        }
        if bare && tokens > 0 { return nil }
        if stop == 0x2D { return tokens <= 2 && (tokens == 0 || capsOK) ? rest : nil }
        if stop == 0x3F { return nil }
        // "Buenos días, dijo el presidente…": a greeting quoted in a sentence, not addressed to the reader.
        if stop == 0x2C && tokens == 0 && !notLowercase(at: text.start[rest]) { return nil }
        if stop == 0x2C && tokens == 0 {
            // "Здравствуйте, Иван!" (a name after the comma ends the line) or "Hello, Dolly! revival…" (a title).
            var wordScan = rest, words = 1
            while wordScan < count && words <= 3 {
                let scalar = scalars[wordScan]
                if scalar == asciiSpace { words += 1 }
                else if StripPass.isStopPunct(scalar) && (wordScan + 1 == count || scalars[wordScan + 1] == asciiSpace) {
                    var afterStop = wordScan + 1
                    while afterStop < count && (scalars[afterStop] == asciiSpace || StripPass.isStopPunct(scalars[afterStop])) { afterStop += 1 }
                    if afterStop >= count {
                        if truncated || !notLowercase(at: text.start[rest]) { return nil }
                        // Scripts without case: "مرحبا، أرسلت التقرير." / "你好，报告已发送。" is a sentence, not a
                        // name (those end with "!" or stand alone): only the greeting goes.
                        // A self-introduction stays part of the greeting: "はじめまして、田中です。", "안녕하세요, 김민수입니다."
                        if scalar == 0x2E && !isUppercase(at: text.start[rest]) && !StripPass.selfIntroEndings.contains(where: { ending in
                            wordScan - rest >= ending.count && Array(scalars[(wordScan - ending.count)..<wordScan]) == ending }) { return rest }
                        return count
                    }
                    if (scalar == 0x21 || scalar == 0x2E) && !notLowercase(at: text.start[afterStop]) { return nil }
                    break
                }
                wordScan += 1
            }
        }
        // "Hello Games, the studio behind X, announced…": an appositive, not an address.
        if stop == 0x2C && tokens > 0 {
            var clauseScan = rest
            while clauseScan < count {
                let scalar = scalars[clauseScan]
                if scalar == 0x2C || scalar == 0x3B { return nil }
                if (scalar == 0x2E || scalar == 0x21 || scalar == 0x3F) && (clauseScan + 1 == count || scalars[clauseScan + 1] == asciiSpace) { break }
                clauseScan += 1
            }
        }
        // After "Hello!" or "Salam." the body starts a new sentence: not a lowercase letter.
        if (stop == 0x2E || stop == 0x21) && !notLowercase(at: text.start[rest]) { return nil }
        return (tokens == 0 || (tokens <= 3 && capsOK)) ? rest : nil
    }
}
