import Foundation

/// Turns the bytes of a dropped CSV/TSV/JSON Lines file into text, accepting what Excel and WPS
/// write: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark ("Unicode text"),
/// and GBK/GB18030 ("CSV" saved on Chinese Windows). A byte-order mark decides first; otherwise
/// valid UTF-8 is UTF-8, and anything else is tried as GB18030.
public enum TableTextDecoder {
    public enum Encoding: String, Sendable, Equatable {
        case utf8, utf8WithBOM, utf16LittleEndian, utf16BigEndian, gb18030
    }

    /// GB18030, a superset of GBK (the plain GBK constant decodes nothing on Linux); the same
    /// approach as DropFolder's RequestTextDecoder.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The text and the encoding it was read as.
    public static func decode(_ bytes: [UInt8]) throws(SpreadsheetError) -> (text: String, encoding: Encoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw SpreadsheetError(.undecodableText, "The file starts with a UTF-8 byte-order mark but is not valid UTF-8 text. Open it in Excel or an editor and save it again as \"CSV UTF-8\".")
            }
            return (text, .utf8WithBOM)
        }
        let boms: [([UInt8], String.Encoding, Encoding)] = [
            ([0xFF, 0xFE], .utf16LittleEndian, .utf16LittleEndian),
            ([0xFE, 0xFF], .utf16BigEndian, .utf16BigEndian),
        ]
        for (bom, foundation, encoding) in boms where bytes.starts(with: bom) {
            guard (bytes.count - bom.count) % 2 == 0,
                  let text = String(data: Data(bytes.dropFirst(bom.count)), encoding: foundation) else {
                throw SpreadsheetError(.undecodableText, "The file starts with a UTF-16 byte-order mark but is not valid UTF-16 text. Save it again as \"CSV UTF-8\".")
            }
            return (text, encoding)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = String(data: Data(bytes), encoding: gb18030) { return (text, .gb18030) }
        throw SpreadsheetError(.undecodableText, "The file is not UTF-8 text (nor UTF-16 or GBK/GB18030). Open it in Excel or an editor and save it as \"CSV UTF-8\".")
    }
}
