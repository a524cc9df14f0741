import OrderedJSON
import Testing

@Test func keepsKeyOrderAndNumberTextExactly() throws {
    let value = try JSONParser().parse(#"{"z": 1, "a": 7366468917055111111, "m": 1.50, "e": 2e3}"#)
    #expect(value.objectMembers?.map(\.key) == ["z", "a", "m", "e"])
    #expect(value["a"] == .number("7366468917055111111"))
    #expect(value["m"] == .number("1.50"))
    #expect(JSONWriter(prettyPrinted: false).string(from: value) == #"{"z":1,"a":7366468917055111111,"m":1.50,"e":2e3}"#)
}

@Test(arguments: [
    ("{\"a\": 1,\n  \"b\": }", 2, 8, "expected a JSON value"),
    ("{\"a\": 1", 1, 8, "a `}` is missing"),
    ("{\"a\": 1} x", 1, 10, "unexpected text after the end"),
    ("", 1, 1, "empty"),
    ("   \n  ", 2, 3, "empty"),
    ("{'a': 1}", 1, 2, "double quotes"),
    ("{\"a\": [1, 2,]}", 1, 13, "trailing comma"),
    ("{\"城市\": x}", 1, 8, "expected a JSON value"),
    ("[01]", 1, 2, "leading zeros"),
])
func reportsWhereTheSyntaxIsBroken(text: String, line: Int, column: Int, reason: String) {
    #expect {
        _ = try JSONParser().parse(text)
    } throws: { error in
        guard let syntax = error as? JSONSyntaxError else { return false }
        return syntax.line == line && syntax.column == column && syntax.reason.contains(reason)
    }
}

@Test func refusesDuplicateKeysOnlyWhenAsked() throws {
    let text = #"{"a": 1, "a": 2}"#
    #expect(try JSONParser().parse(text).objectMembers?.count == 2)
    #expect(throws: JSONSyntaxError.self) { try JSONParser(rejectsDuplicateKeys: true).parse(text) }
}

@Test func refusesDeepNestingInsteadOfOverflowingTheStack() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect {
        _ = try JSONParser().parse(deep)
    } throws: { error in
        (error as? JSONSyntaxError)?.reason.contains("nested more than") == true
    }
}

@Test func refusesNulBytesAndRawLineBreaksInStrings() {
    #expect(throws: JSONSyntaxError.self) { try JSONParser().parse(bytes: Array("{\"a\": \"x\0\"}".utf8)) }
    #expect(throws: JSONSyntaxError.self) { try JSONParser().parse("{\"a\": \"line\nbreak\"}") }
}

@Test func decodesEscapesAndWritesThemBack() throws {
    let value = try JSONParser().parse(#"["\u5317\u4eac", "\ud83d\ude00", "tab\there", "quote\"", "slash\/"]"#)
    #expect(value == .array([.string("北京"), .string("😀"), .string("tab\there"), .string("quote\""), .string("slash/")]))
    let written = JSONWriter(prettyPrinted: false).string(from: value)
    #expect(written == #"["北京","😀","tab\there","quote\"","slash/"]"#)
    #expect(try JSONParser().parse(written) == value)
}

@Test func prettyPrintsWithTwoSpaceIndentation() {
    let value = JSONValue.object(["a": .array([.integer(1)]), "b": .object([])])
    #expect(JSONWriter().string(from: value) == "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}\n")
}
