import Crypto

/// Cache keys and glossary fingerprints: the lower-case hex SHA-256 of some bytes, computed by
/// swift-crypto (the library redact's HMAC uses), not by hand.
enum Digest {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lower-case hex SHA-256 digest of `bytes` (64 characters).
    static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
