/// A small seeded random number generator (SplitMix64, Steele, Lea and Flood 2014): the same
/// numbers for the same seed on every machine and run, so a generated test input or a fuzz
/// mutation that fails can be replayed from its seed. Not for anything secret.
///
/// ```swift
/// var generator = SplitMix64(seed: 42)
/// let pick = generator.next(below: 10)          // 0..<10
/// let value = Double.random(in: 0..<1, using: &generator)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state: it advances by a fixed odd constant per number.
    public var state: UInt64

    /// A generator starting at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`0` when `bound` is below 1), as the next 64 bits modulo `bound`:
    /// slightly uneven for large bounds, and the same sequence the project's seeded tests were
    /// written against.
    public mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }
}
