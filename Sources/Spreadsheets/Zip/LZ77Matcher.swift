/// Finds repeats for `Deflate`: greedy matching of 3…258 bytes within the last 32 KiB, through
/// chains of earlier positions with the same 3-byte hash (at most `maximumChain` looked at).
struct LZ77Matcher {
    struct Token {
        var position: Int
        /// 1 for a literal.
        var length: Int
        /// 0 for a literal.
        var distance: Int
        var literal: Int
    }

    let input: [UInt8]
    let maximumChain = 48
    private static let window = 32_768
    private static let hashBits = 15
    private var head: [Int]
    private var previous: [Int]
    /// Positions before this one are in the hash chains.
    private var inserted = 0

    init(input: [UInt8]) {
        self.input = input
        head = Array(repeating: -1, count: 1 << Self.hashBits)
        previous = Array(repeating: -1, count: Self.window)
    }

    private func hash(at position: Int) -> Int {
        let value = Int(input[position]) << 16 | Int(input[position + 1]) << 8 | Int(input[position + 2])
        return ((value &* 2_654_435_761) >> 13) & ((1 << Self.hashBits) - 1)
    }

    private mutating func insert(upTo end: Int) {
        while inserted < end {
            if inserted + 2 < input.count {
                let key = hash(at: inserted)
                previous[inserted & (Self.window - 1)] = head[key]
                head[key] = inserted
            }
            inserted += 1
        }
    }

    /// Tokens for the bytes from `start`, each starting before `end` (the last match may run past it).
    mutating func tokens(from start: Int, to end: Int) -> [Token] {
        var tokens: [Token] = []
        var position = start
        while position < end {
            insert(upTo: position)
            var bestLength = 0, bestDistance = 0
            if position + 2 < input.count {
                let limit = min(258, input.count - position)
                var candidate = head[hash(at: position)]
                var chain = 0
                while candidate >= 0, position - candidate <= Self.window, chain < maximumChain {
                    var length = 0
                    while length < limit, input[candidate + length] == input[position + length] { length += 1 }
                    if length > bestLength {
                        bestLength = length
                        bestDistance = position - candidate
                        if length == limit { break }
                    }
                    let next = previous[candidate & (Self.window - 1)]
                    // A slot overwritten by a newer position would point forward: stop there.
                    guard next < candidate else { break }
                    candidate = next
                    chain += 1
                }
            }
            if bestLength >= 3 {
                tokens.append(Token(position: position, length: bestLength, distance: bestDistance, literal: 0))
                position += bestLength
            } else {
                tokens.append(Token(position: position, length: 1, distance: 0, literal: Int(input[position])))
                position += 1
            }
        }
        return tokens
    }
}
