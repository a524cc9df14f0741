/// The shared strings a workbook being written uses, each once, in first-use order.
struct SharedStringTable {
    private var indices: [String: Int] = [:]
    private var items: [String] = []
    private var uses = 0

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = indices[text] { return index }
        indices[text] = items.count
        items.append(text)
        return items.count - 1
    }

    var xml: String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(uses)" uniqueCount="\#(items.count)">"#
        for item in items { xml += "<si>\(XLSXWriter.textElement(item))</si>" }
        return xml + "</sst>"
    }
}
