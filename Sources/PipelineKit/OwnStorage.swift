extension String {
    /// `string` in storage of its own. A copy of a string of more than 15 UTF-8 bytes shares the
    /// original's storage, and so its reference count; this one does not. For what a `--jobs`
    /// worker retains and releases per document while the other workers hold the original (see
    /// ``AnyStage/replica()``): a count two cores both change passes its cache line between them.
    public init(ownStorage string: String) {
        self = String(decoding: Array(string.utf8), as: UTF8.self)
    }
}
