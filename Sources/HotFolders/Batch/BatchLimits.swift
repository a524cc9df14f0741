/// How big a spreadsheet batch may be.
public struct BatchLimits: Sendable, Equatable {
    /// The most data rows one table may have; a bigger table is refused before any run.
    public var maximumRows: Int

    public init(maximumRows: Int = 10_000) {
        self.maximumRows = maximumRows
    }
}
