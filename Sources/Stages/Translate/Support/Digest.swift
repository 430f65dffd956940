import Crypto
import PipelineKit

/// Cache keys and glossary fingerprints: the lower-case hex SHA-256 of some bytes, computed by
/// swift-crypto (the library redact's HMAC uses), not by hand.
enum Digest {
    /// The lower-case hex SHA-256 digest of `bytes` (64 characters).
    static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return PlainFormatting.hex(hasher.finalize())
    }
}
