/// A ZIP archive read from bytes (an .xlsx is one): its central directory is read at once, the
/// entries' data when asked for. Stored and deflated entries, with or without data descriptors;
/// ZIP64, split and encrypted archives are refused with a clear error.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// 0 stored, 8 deflated.
        public var method: Int
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    public let entries: [Entry]
    public let limits: ZipLimits
    private let bytes: [UInt8]

    public init(bytes: [UInt8], limits: ZipLimits = ZipLimits()) throws(SpreadsheetError) {
        self.bytes = bytes
        self.limits = limits
        let end = try Self.endOfCentralDirectory(in: bytes)
        if end >= 20, bytes.uint32(at: end - 20) == 0x0706_4B50 { throw Self.zip64 }
        let diskNumber = bytes.uint16(at: end + 4), directoryDisk = bytes.uint16(at: end + 6)
        let count = bytes.uint16(at: end + 10), size = bytes.uint32(at: end + 12), offset = bytes.uint32(at: end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { throw Self.zip64 }
        guard diskNumber == 0, directoryDisk == 0 else {
            throw SpreadsheetError(.unsupportedZip, "The archive is split over several files (a multi-part ZIP). Join it into one file, or save the workbook again from Excel or WPS.")
        }
        guard count <= limits.maximumEntries else {
            throw SpreadsheetError(.zipTooLarge, "The archive holds \(count) files, more than the limit of \(limits.maximumEntries). This is not an ordinary workbook: save it again from Excel or WPS.")
        }
        guard offset + size <= end else { throw Self.damaged("its central directory lies outside the file") }
        var entries: [Entry] = []
        var position = offset
        var total = 0
        for _ in 0..<count {
            guard position + 46 <= end, bytes.uint32(at: position) == 0x0201_4B50 else { throw Self.damaged("its central directory is broken") }
            let flags = bytes.uint16(at: position + 8), method = bytes.uint16(at: position + 10)
            let nameLength = bytes.uint16(at: position + 28), extraLength = bytes.uint16(at: position + 30), commentLength = bytes.uint16(at: position + 32)
            guard position + 46 + nameLength <= end else { throw Self.damaged("its central directory is broken") }
            let nameBytes = Array(bytes[(position + 46)..<(position + 46 + nameLength)])
            let name = String(validating: nameBytes, as: UTF8.self) ?? String(decoding: nameBytes.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            let entry = Entry(name: name, method: method, crc32: UInt32(bytes.uint32(at: position + 16)),
                              compressedSize: bytes.uint32(at: position + 20), uncompressedSize: bytes.uint32(at: position + 24),
                              localHeaderOffset: bytes.uint32(at: position + 42))
            if flags & 0x41 != 0 || method == 99 {
                throw SpreadsheetError(.unsupportedZip, "\(name) in the archive is encrypted (the workbook has a password to open). Remove the password in Excel or WPS (File > Info > Protect Workbook) and save it again.")
            }
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF { throw Self.zip64 }
            guard method == 0 || method == 8 else {
                throw SpreadsheetError(.unsupportedZip, "\(name) in the archive is compressed with method \(method); only stored and deflated entries can be read. Save the workbook again from Excel or WPS.")
            }
            try Self.check(size: entry.uncompressedSize, of: name, limits: limits)
            total += entry.uncompressedSize
            entries.append(entry)
            position += 46 + nameLength + extraLength + commentLength
        }
        guard total <= limits.maximumTotalBytes else {
            throw SpreadsheetError(.zipTooLarge, "The archive unpacks to \(total) bytes in all, more than the limit of \(limits.maximumTotalBytes). Split the workbook into smaller files, or export it as CSV.")
        }
        self.entries = entries
    }

    /// The entry named `name` (exactly, as stored), if any.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// The uncompressed bytes of `entry`, checked against its size and CRC-32.
    public func contents(of entry: Entry) throws(SpreadsheetError) -> [UInt8] {
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, bytes.uint32(at: local) == 0x0403_4B50 else { throw Self.damaged("the header of \(entry.name) is missing") }
        let start = local + 30 + bytes.uint16(at: local + 26) + bytes.uint16(at: local + 28)
        guard start + entry.compressedSize <= bytes.count else { throw Self.damaged("\(entry.name) runs past the end of the file") }
        let stored = Array(bytes[start..<(start + entry.compressedSize)])
        let data: [UInt8]
        if entry.method == 0 {
            data = stored
        } else {
            // The declared size bounds the output: a lying header cannot make it unpack more.
            data = try Inflate.decompress(stored, maximumOutput: entry.uncompressedSize)
        }
        guard data.count == entry.uncompressedSize else { throw Self.damaged("\(entry.name) is not the size its header says") }
        guard CRC32.checksum(data) == entry.crc32 else { throw Self.damaged("\(entry.name) fails its CRC-32 check") }
        return data
    }

    /// The uncompressed bytes of the entry named `name`; nil when there is none.
    public func contents(named name: String) throws(SpreadsheetError) -> [UInt8]? {
        guard let entry = entry(named: name) else { return nil }
        return try contents(of: entry)
    }

    private static func check(size: Int, of name: String, limits: ZipLimits) throws(SpreadsheetError) {
        guard size <= limits.maximumEntryBytes else {
            throw SpreadsheetError(.zipTooLarge, "\(name) in the archive unpacks to \(size) bytes, more than the limit of \(limits.maximumEntryBytes). Split the workbook into smaller files, or export it as CSV.")
        }
    }

    private static func endOfCentralDirectory(in bytes: [UInt8]) throws(SpreadsheetError) -> Int {
        guard bytes.count >= 22 else { throw notZip }
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        var candidate: Int?
        while position >= lowest {
            if bytes.uint32(at: position) == 0x0605_4B50 {
                // The record whose comment ends the file; else the last one (junk after the archive).
                if position + 22 + bytes.uint16(at: position + 20) == bytes.count { return position }
                candidate = candidate ?? position
            }
            position -= 1
        }
        guard let candidate else { throw notZip }
        return candidate
    }

    static let notZip = SpreadsheetError(.notAZipArchive, "The file is not a ZIP archive, so it is not an .xlsx workbook (an old .xls, or a CSV renamed?). Open it in Excel or WPS and save it as \"Excel Workbook (.xlsx)\" or as CSV UTF-8.")

    static let zip64 = SpreadsheetError(.unsupportedZip, "The archive uses ZIP64 (for files over 4 GB), which cannot be read here. Split the workbook into smaller files, or export it as CSV.")

    static func damaged(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.damagedZip, "The archive is damaged: \(detail). Open it in Excel or WPS and save it again, or export it as CSV.")
    }
}
