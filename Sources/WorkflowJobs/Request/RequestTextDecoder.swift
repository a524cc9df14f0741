import CozeAPI
import Foundation

/// Turns the bytes of a dropped file into UTF-8, accepting what Windows editors write:
/// a UTF-8 byte-order mark, UTF-16 or UTF-32 with a byte-order mark, and GBK/GB18030.
public enum RequestTextDecoder {
    /// GB18030, a superset of GBK (the plain GBK constant decodes nothing on Linux).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public struct Decoded: Sendable {
        public var utf8: [UInt8]
        /// The encoding that was converted from, when it was not UTF-8.
        public var convertedFrom: String?
    }

    public static func decode(_ bytes: [UInt8], language: Language = .en) throws(RequestProblem) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try validatedUTF8(Array(bytes.dropFirst(3)), language: language)
        }
        let boms: [([UInt8], String.Encoding, String)] = [
            ([0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian, "UTF-32"),
            ([0x00, 0x00, 0xFE, 0xFF], .utf32BigEndian, "UTF-32"),
            ([0xFF, 0xFE], .utf16LittleEndian, "UTF-16"),
            ([0xFE, 0xFF], .utf16BigEndian, "UTF-16"),
        ]
        for (bom, encoding, name) in boms where bytes.starts(with: bom) {
            guard let text = String(data: Data(bytes.dropFirst(bom.count)), encoding: encoding) else {
                throw RequestProblem(language.pick(en: "The file starts with a \(name) byte-order mark but is not valid \(name) text. Save it again as UTF-8.",
                                                   zh: "文件以 \(name) 字节顺序标记开头，但内容不是有效的 \(name) 文本。请重新保存为 UTF-8。"))
            }
            return Decoded(utf8: Array(text.utf8), convertedFrom: name)
        }
        if let decoded = try? validatedUTF8(bytes, language: language) { return decoded }
        if let text = String(data: Data(bytes), encoding: gb18030) {
            return Decoded(utf8: Array(text.utf8), convertedFrom: "GBK/GB18030")
        }
        throw RequestProblem(language.pick(en: "The file is not UTF-8 text (nor UTF-16 or GBK). Open it in an editor and save it as UTF-8.",
                                           zh: "文件不是 UTF-8 文本（也不是 UTF-16 或 GBK）。请用编辑器打开并保存为 UTF-8。"))
    }

    private static func validatedUTF8(_ bytes: [UInt8], language: Language) throws(RequestProblem) -> Decoded {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw RequestProblem(language.pick(en: "The file is not valid UTF-8 text. Open it in an editor and save it as UTF-8.",
                                               zh: "文件不是有效的 UTF-8 文本。请用编辑器打开并保存为 UTF-8。"))
        }
        return Decoded(utf8: bytes, convertedFrom: nil)
    }
}
