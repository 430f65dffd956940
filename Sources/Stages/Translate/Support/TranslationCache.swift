import Foundation

/// An on-disk cache of translations, so re-running a pipeline in CI does not pay twice.
///
/// One file per entry, `<dir>/<2 hex>/<64 hex>.txt`, named by the SHA-256 of the provider's
/// cache identity, the source and target languages and the text (with placeholders) sent. Writes
/// go to a temporary file and are renamed into place, so concurrent runs never see half a file.
struct TranslationCache: Sendable {
    /// The cache directory (absolute or relative to the working directory).
    let directory: String

    /// The key of one request.
    func key(provider: String, source: String?, target: String, text: String) -> String {
        var material = Array("v1\u{0}\(provider)\u{0}\(source ?? "auto")\u{0}\(target)\u{0}".utf8)
        material.append(contentsOf: text.utf8)
        return Digest.sha256Hex(material)
    }

    private func path(_ key: String) -> String { "\(directory)/\(key.prefix(2))/\(key).txt" }

    /// The cached translation, if any.
    func lookup(_ key: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path(key)) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// Stores a translation; failures to write are ignored (the cache is only an optimisation).
    func store(_ key: String, _ translation: String) {
        let final = path(key)
        let folder = (final as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.\(key).\(UInt64.random(in: 0...UInt64.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(translation.utf8)) else { return }
        if rename(temporary, final) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
