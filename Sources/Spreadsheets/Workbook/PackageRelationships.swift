/// The relationships of one part of an .xlsx (`_rels/.rels`, `xl/_rels/workbook.xml.rels`): which
/// part each `r:id` points to, and of which type.
struct PackageRelationships {
    struct Relationship {
        var type: String
        /// The target's full name inside the archive ("xl/worksheets/sheet1.xml").
        var path: String
    }

    var byID: [String: Relationship] = [:]
    var ordered: [Relationship] = []

    /// The relationships of the part named `source` ("" for the package itself), read from the
    /// archive; none when it has no .rels part.
    init(of source: String, in archive: ZipArchive) throws(SpreadsheetError) {
        let folder = Self.folder(of: source)
        let fileName = source.split(separator: "/").last.map(String.init) ?? ""
        let relsName = source.isEmpty ? "_rels/.rels" : folder + "_rels/" + fileName + ".rels"
        guard let bytes = try archive.contents(named: relsName) else { return }
        var tokenizer = XMLTokenizer(bytes, part: relsName)
        while let event = try tokenizer.next() {
            guard case .start("Relationship", let attributes) = event,
                  let id = attributes["Id"], let target = attributes["Target"], attributes["TargetMode"] != "External" else { continue }
            let relationship = Relationship(type: attributes["Type"] ?? "", path: Self.resolve(target, from: folder))
            byID[id] = relationship
            ordered.append(relationship)
        }
    }

    /// The first relationship whose type ends with `/suffix` ("officeDocument", "sharedStrings").
    func first(ofType suffix: String) -> Relationship? {
        ordered.first { $0.type.hasSuffix("/" + suffix) }
    }

    /// "xl/" for "xl/workbook.xml"; "" for a part at the root.
    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// A target relative to `folder` ("worksheets/sheet1.xml", "../x.xml") or absolute ("/xl/x.xml").
    static func resolve(_ target: String, from folder: String) -> String {
        var parts = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            switch piece {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }
}
