import TextKit

// Redact's byte classes are TextKit's `ASCII` (`ASCII.isDigit(_:)`, `ASCII.newline`, …).

/// TextKit's `ASCII`, so that every file of this module can name `ASCII.newline` without
/// importing TextKit itself (`TextKit::ASCII`: the module TextKit also holds an enum `TextKit`).
typealias ASCII = TextKit::ASCII

// Forwarding for the files that still call the old free functions because other branches
// are editing them now: Folding.swift (`isDigit`, `isAlnum`) and Secrets/SecretCatalogue*.swift
// (`isAlnum`, `isUpper`, `lower`). Remove each forwarder once those files call
// `ASCII.isDigit(_:)`, `ASCII.isAlphanumeric(_:)`, `ASCII.isUppercase(_:)` and
// `ASCII.lowercased(_:)`.
@inline(__always) func isDigit(_ byte: UInt8) -> Bool { ASCII.isDigit(byte) }
@inline(__always) func isUpper(_ byte: UInt8) -> Bool { ASCII.isUppercase(byte) }
@inline(__always) func isAlnum(_ byte: UInt8) -> Bool { ASCII.isAlphanumeric(byte) }
@inline(__always) func lower(_ byte: UInt8) -> UInt8 { ASCII.lowercased(byte) }
