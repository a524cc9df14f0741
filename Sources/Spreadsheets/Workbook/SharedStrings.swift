/// The shared-string table of a workbook (`xl/sharedStrings.xml`): each `<si>` is the text of its
/// `<t>`, or of all its rich-text runs' `<t>` joined; phonetic guides (`<rPh>`) are left out.
enum SharedStrings {
    static func read(_ bytes: [UInt8], part: String, maximumCellBytes: Int) throws(SpreadsheetError) -> [String] {
        var tokenizer = XMLTokenizer(bytes, part: part)
        var strings: [String] = []
        var current = "", inItem = false, inText = false, phonetic = 0
        while let event = try tokenizer.next() {
            switch event {
            case .start("si", _):
                inItem = true
                current = ""
            case .end("si"):
                inItem = false
                strings.append(CellText.unescapeOOXML(current))
            case .start("rPh", _): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", _): inText = inItem && phonetic == 0
            case .end("t"): inText = false
            case .text(let text) where inText:
                current += text
                if current.utf8.count > maximumCellBytes {
                    throw SpreadsheetError(.cellTooLarge, "Shared string \(strings.count) in the workbook holds more than \(maximumCellBytes) bytes. Shorten that cell, or pass its content as a file.")
                }
            default: break
            }
        }
        return strings
    }
}
