/// Reads a dropped table file of any supported format, chosen by its extension: .csv, .tsv,
/// .jsonl (.ndjson), .xlsx.
public struct TableReader: Sendable {
    public var limits: TableLimits
    public var zipLimits: ZipLimits

    public init(limits: TableLimits = TableLimits(), zipLimits: ZipLimits = ZipLimits()) {
        self.limits = limits
        self.zipLimits = zipLimits
    }

    /// The table in `bytes`, read as the format `fileName`'s extension names.
    public func table(fileName: String, bytes: [UInt8]) throws(SpreadsheetError) -> TextTable {
        switch TableFormat(fileName: fileName) {
        case .csv: try CSVReader(delimiter: UInt8(ascii: ","), limits: limits).table(bytes: bytes)
        case .tsv: try CSVReader(delimiter: UInt8(ascii: "\t"), limits: limits).table(bytes: bytes)
        case .jsonl: try JSONLinesReader(limits: limits).table(bytes: bytes)
        case .xlsx: try XLSXReader(limits: limits, zipLimits: zipLimits).table(bytes: bytes)
        case nil:
            throw SpreadsheetError(.unsupportedFileType, "\(fileName) is not a table file coze-drop reads. Save it as .xlsx, .csv (UTF-8 or GBK), .tsv or .jsonl.")
        }
    }
}
