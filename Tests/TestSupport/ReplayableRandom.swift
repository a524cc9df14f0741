import Foundation

/// Random numbers for tests that kill and restart agents at random moments: the seed is printed,
/// and `COZE_DROP_TEST_SEED=N` replays the same sequence of moments (SplitMix64).
public struct ReplayableRandom: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    /// Seeded from `COZE_DROP_TEST_SEED` when set, else at random; says which, under `name`.
    public init(_ name: String) {
        let given = ProcessInfo.processInfo.environment["COZE_DROP_TEST_SEED"].flatMap { UInt64($0) }
        seed = given ?? UInt64.random(in: 0...UInt64.max)
        state = seed
        print("\(name): seed \(seed) (replay with COZE_DROP_TEST_SEED=\(seed))")
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
