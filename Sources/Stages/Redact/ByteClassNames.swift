import TextKit

// Redact's byte classes are TextKit's `ASCII` (`ASCII.isDigit(_:)`, `ASCII.newline`, …).

/// TextKit's `ASCII`, so that every file of this module can name `ASCII.newline` without
/// importing TextKit itself (`TextKit::ASCII`: the module TextKit also holds an enum `TextKit`).
typealias ASCII = TextKit::ASCII
