/// Writes a ZIP archive in memory: entries deflated (or stored when that is smaller), UTF-8
/// names, sizes known up front (no data descriptors), no ZIP64.
public struct ZipWriter: Sendable {
    /// The modification time written for every entry (MS-DOS form: 1980…2107, 2-second steps).
    public struct Timestamp: Sendable, Equatable {
        public var year, month, day, hour, minute, second: Int

        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }

        var dosTime: Int { hour << 11 | minute << 5 | second / 2 }
        var dosDate: Int { (min(max(year, 1980), 2107) - 1980) << 9 | month << 5 | day }
    }

    public var modified: Timestamp
    private var output: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    public init(modified: Timestamp = Timestamp(year: 2000, month: 1, day: 1)) {
        self.modified = modified
    }

    /// Adds an entry; `compress: false` stores it as is.
    public mutating func add(_ name: String, _ data: [UInt8], compress: Bool = true) throws(SpreadsheetError) {
        let deflated = compress ? Deflate.compress(data) : []
        let useDeflate = compress && deflated.count < data.count
        let body = useDeflate ? deflated : data
        let nameBytes = Array(name.utf8)
        guard count < 0xFFFF, output.count + body.count + 30 + nameBytes.count < 0xFFFF_FFFF, data.count < 0xFFFF_FFFF, nameBytes.count <= 0xFFFF else {
            throw SpreadsheetError(.zipTooLarge, "The archive would need ZIP64 (over 4 GB or 65,535 entries), which is not written here. Write fewer rows per workbook.")
        }
        let crc = Int(CRC32.checksum(data))
        let offset = output.count
        var fields: [UInt8] = []
        fields.appendUInt16(20)                       // version needed: 2.0 (deflate)
        fields.appendUInt16(0x0800)                   // flags: UTF-8 name
        fields.appendUInt16(useDeflate ? 8 : 0)
        fields.appendUInt16(modified.dosTime)
        fields.appendUInt16(modified.dosDate)
        fields.appendUInt32(crc)
        fields.appendUInt32(body.count)
        fields.appendUInt32(data.count)
        fields.appendUInt16(nameBytes.count)
        fields.appendUInt16(0)                        // extra field length

        output.appendUInt32(0x0403_4B50)
        output += fields
        output += nameBytes
        output += body

        directory.appendUInt32(0x0201_4B50)
        directory.appendUInt16(20)                    // version made by: MS-DOS, 2.0
        directory += fields
        directory.appendUInt16(0)                     // comment length
        directory.appendUInt16(0)                     // disk number
        directory.appendUInt16(0)                     // internal attributes
        directory.appendUInt32(0)                     // external attributes
        directory.appendUInt32(offset)
        directory += nameBytes
        count += 1
    }

    /// The finished archive.
    public func bytes() -> [UInt8] {
        var result = output + directory
        result.appendUInt32(0x0605_4B50)
        result.appendUInt16(0)
        result.appendUInt16(0)
        result.appendUInt16(count)
        result.appendUInt16(count)
        result.appendUInt32(directory.count)
        result.appendUInt32(output.count)
        result.appendUInt16(0)
        return result
    }
}
