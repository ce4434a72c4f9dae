/// The catalog's own deterministic random numbers (SplitMix64), so that the corpus is the
/// same on every platform and every run: no system randomness anywhere.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator seeded from a case id (FNV-1a), so each case's data stays the same when
    /// other cases are added, removed or reordered.
    init(caseID: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in caseID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        self.init(seed: hash)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (the modulo bias is irrelevant for test data).
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < probability
    }

    /// One of `options`, uniformly.
    mutating func pick<Element>(_ options: [Element]) -> Element {
        options[integer(in: 0...options.count - 1)]
    }

    /// `count` values `center + k·step` with k uniform in −half...half. With a power-of-two
    /// step and few significant bits, every value is exact in float32 (or narrower).
    mutating func grid(_ count: Int, center: Double = 0, half: Int, step: Double) -> [Double] {
        (0..<count).map { _ in center + Double(integer(in: -half...half)) * step }
    }

    /// An array of `shape` filled by `grid`.
    mutating func array(_ shape: [Int], center: Double = 0, half: Int = 256, step: Double = 1.0 / 16) -> [Double] {
        grid(shape.reduce(1, *), center: center, half: half, step: step)
    }
}
