/// A stage could not process one document. The message is shown to the user and written to
/// reports, so it must never contain document text (it may hold PII).
public struct StageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in one line.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A stage's options are wrong in a way the spec's types cannot express (a bad regex, a
/// missing file, an unknown provider). `option` names the offending option so the config
/// layer can point at its line and column; `path` goes deeper (list index, nested key).
public struct StageOptionError: Error, Sendable, CustomStringConvertible {
    /// The path from the options mapping to the offending value, e.g. `["patterns", "0", "regex"]`.
    public var path: [String]
    /// What is wrong, without location.
    public var message: String
    /// Creates an error about option `option` (and optionally a deeper path).
    public init(option: String, _ message: String, path: [String] = []) {
        self.path = [option] + path
        self.message = message
    }
    /// Creates an error about the options as a whole.
    public init(_ message: String) {
        self.path = []
        self.message = message
    }
    public var description: String { message }
}

/// "Did you mean" suggestions for misspelled names.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let editDistance = distance(lowered, Array(candidate.lowercased()))
            if best == nil || editDistance < best!.1 { best = (candidate, editDistance) }
        }
        guard let (name, editDistance) = best else { return nil }
        let limit = max(1, min(3, (max(lowered.count, name.count) + 2) / 3))
        return editDistance <= limit ? name : nil
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    public static func distance(_ source: [Character], _ target: [Character]) -> Int {
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previous2 = [Int](repeating: 0, count: target.count + 1)
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for i in 1...source.count {
            current[0] = i
            for j in 1...target.count {
                let cost = source[i - 1] == target[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[target.count]
    }
}
