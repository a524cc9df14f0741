import Foundation
import OrderedJSON

extension JSONValue {
    /// Parses the reference script's JSON answer.
    static func reference(_ arguments: [String], input: [UInt8] = []) throws -> JSONValue {
        try JSONParser().parse(bytes: PythonReference.run(arguments, input: input))
    }

    /// `[["a", "b"], []]` as Swift arrays.
    var rows: [[String]] {
        (arrayValue ?? []).map { ($0.arrayValue ?? []).map { $0.stringValue ?? "?" } }
    }

    /// A base64 string's bytes.
    var base64Bytes: [UInt8] {
        [UInt8](Data(base64Encoded: stringValue ?? "") ?? Data())
    }

    /// Bytes as a base64 JSON string.
    static func base64(_ bytes: [UInt8]) -> JSONValue {
        .string(Data(bytes).base64EncodedString())
    }

    var compactBytes: [UInt8] { JSONWriter(prettyPrinted: false).bytes(from: self) }
}

/// The seed for a randomised cross-check: SPREADSHEETS_SEED when set (to replay a failure), else random.
func testSeed() -> UInt64 {
    if let text = ProcessInfo.processInfo.environment["SPREADSHEETS_SEED"], let seed = UInt64(text) { return seed }
    return UInt64.random(in: 1...1_000_000)
}

/// A small seedable generator (SplitMix64), so a failing corpus can be made again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
