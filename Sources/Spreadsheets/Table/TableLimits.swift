/// How much a dropped table may hold before reading stops with a clear error.
public struct TableLimits: Sendable, Equatable {
    /// Data rows (the header is not counted).
    public var maximumRows: Int
    /// Columns, header or data.
    public var maximumColumns: Int
    /// Bytes of one cell's UTF-8 text.
    public var maximumCellBytes: Int

    public init(maximumRows: Int = 100_000, maximumColumns: Int = 1_000, maximumCellBytes: Int = 1 << 20) {
        self.maximumRows = maximumRows
        self.maximumColumns = maximumColumns
        self.maximumCellBytes = maximumCellBytes
    }
}
