import CozeCrypto
import Foundation
import Testing

struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func encodesTheRFC4648ExamplesWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesTheURLAlphabetAndRoundTripsEveryByte() {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = Base64URL.encode(bytes)
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        #expect(encoded == Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
        #expect(Base64URL.decode(encoded) == bytes)
    }

    @Test(arguments: ["Zg==", "Z", "Zm9v+", "a b", "Zm9/"])
    func refusesWhatIsNotUnpaddedBase64URL(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func splitsOnlyThreeDecodablePartsJoinedByDots() {
        #expect(CompactJWS.split("e30.e30") == nil)
        #expect(CompactJWS.split("e30.e30.AA.AA") == nil)
        #expect(CompactJWS.split("e30.e3=0.AA") == nil)
        let parts = CompactJWS.split("e30.e30.")
        #expect(parts?.header == Array("{}".utf8))
        #expect(parts?.signingInput == Array("e30.e30".utf8))
        #expect(parts?.signature == [])
    }
}
