extension Array where Element == UInt8 {
    /// The little-endian 16-bit value at `offset` (the caller has checked the bounds).
    func uint16(at offset: Int) -> Int {
        Int(self[offset]) | Int(self[offset + 1]) << 8
    }

    /// The little-endian 32-bit value at `offset` (the caller has checked the bounds).
    func uint32(at offset: Int) -> Int {
        uint16(at: offset) | uint16(at: offset + 2) << 16
    }

    mutating func appendUInt16(_ value: Int) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func appendUInt32(_ value: Int) {
        appendUInt16(value & 0xFFFF)
        appendUInt16(value >> 16)
    }
}
