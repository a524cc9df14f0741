/// How much a ZIP archive (an .xlsx) may unpack to, so a small hostile file cannot fill memory.
public struct ZipLimits: Sendable, Equatable {
    public var maximumEntries: Int
    /// Uncompressed bytes of one entry.
    public var maximumEntryBytes: Int
    /// Uncompressed bytes of all the entries read together.
    public var maximumTotalBytes: Int

    public init(maximumEntries: Int = 10_000, maximumEntryBytes: Int = 256 << 20, maximumTotalBytes: Int = 512 << 20) {
        self.maximumEntries = maximumEntries
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumTotalBytes = maximumTotalBytes
    }
}
