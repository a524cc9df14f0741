import Foundation
import OrderedJSON

/// The files under Fixtures/ (see Fixtures/SOURCES.md for where each comes from).
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONParser().parse(bytes: try bytes(name))
    }
}

func parse(_ bytes: [UInt8]) throws -> JSONValue {
    try JSONParser().parse(bytes: bytes)
}

func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// The keys of an object and of the objects inside it, as paths (`content.text`), in order.
func keyPaths(_ value: JSONValue, prefix: String = "") -> [String] {
    guard let members = value.objectMembers else { return [] }
    return members.flatMap { member -> [String] in
        let path = prefix.isEmpty ? member.key : prefix + "." + member.key
        return [path] + keyPaths(member.value, prefix: path)
    }
}
