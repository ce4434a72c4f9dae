import Testing
@testable import NormalizationReference

/// DType.swift: rounding to float16, bfloat16 and float32 on the boundary values, checked
/// against hand-derived values and, where the platform has them, the hardware conversions.
@Suite struct DTypeTests {
    // float16: max 65504; the midpoint 65520 ties to even (up, to 2^16): inf.
    @Test func float16Overflow() {
        #expect(DType.float16.rounded(65504) == 65504)
        #expect(DType.float16.rounded(65519.99) == 65504)
        #expect(DType.float16.rounded(65520) == .infinity)
        #expect(DType.float16.rounded(-65520) == -.infinity)
        #expect(DType.float16.rounded(70000) == .infinity)
        #expect(DType.float16.format!.greatestFinite == 65504)
    }

    // float16 subnormals: spacing 2^-24; 2^-25 ties to even (0), 3·2^-25 ties to 2^-23.
    @Test func float16Subnormals() {
        #expect(DType.float16.rounded(0x1p-24) == 0x1p-24)
        #expect(DType.float16.rounded(0x1p-25).bitPattern == (0.0).bitPattern)
        #expect(DType.float16.rounded(-0x1p-25).bitPattern == (-0.0).bitPattern)
        #expect(DType.float16.rounded(0x1.8p-25) == 0x1p-24)
        #expect(DType.float16.rounded(3 * 0x1p-25) == 0x1p-23)
        #expect(DType.float16.rounded(0x1p-14 - 0x1p-26) == 0x1p-14)
    }

    // The eps of dtype.policy-call: 1e-7 becomes 2^-23 in float16 and 215·2^-31 in bfloat16.
    @Test func epsilonInHalfPrecision() {
        #expect(DType.float16.rounded(1e-7) == 0x1p-23)
        #expect(DType.bfloat16.rounded(1e-7) == 215 * 0x1p-31)
        #expect(DType.float32.rounded(1e-7) == Double(Float(1e-7)))
    }

    // bfloat16: 8 significand bits, float32's exponent range; ties to even.
    @Test func bfloat16() {
        #expect(DType.bfloat16.rounded(1 + 0x1p-8) == 1)
        #expect(DType.bfloat16.rounded(1 + 3 * 0x1p-8) == 1 + 0x1p-6)
        #expect(DType.bfloat16.rounded(9988410.04) == 9961472)
        #expect(DType.bfloat16.format!.greatestFinite == 0x1.FEp127)
        #expect(DType.bfloat16.rounded(0x1.FFp127) == .infinity)
        #expect(DType.bfloat16.rounded(0x1p-133) == 0x1p-133)
        #expect(DType.bfloat16.rounded(0x1p-134) == 0)
    }

    // The tail decides a head that sits exactly on a midpoint, and nothing else.
    @Test func tailBreaksTiesOnly() {
        #expect(DType.float16.rounded(1 + 0x1p-11, tail: 0) == 1)
        #expect(DType.float16.rounded(1 + 0x1p-11, tail: 0x1p-60) == 1 + 0x1p-10)
        #expect(DType.float16.rounded(-(1 + 0x1p-11), tail: -0x1p-60) == -(1 + 0x1p-10))
        #expect(DType.float16.rounded(-(1 + 0x1p-11), tail: 0x1p-60) == -1)
        #expect(DType.float16.rounded(1 + 3 * 0x1p-11, tail: -0x1p-60) == 1 + 0x1p-10)
        #expect(DType.float16.rounded(1.25, tail: -0x1p-60) == 1.25)
    }

    @Test func specialValuesAreKept() {
        #expect(DType.float16.rounded(.nan).isNaN)
        #expect(DType.float16.rounded(-.infinity) == -.infinity)
        #expect(DType.bfloat16.rounded(-0.0).bitPattern == (-0.0).bitPattern)
    }

    #if arch(x86_64) || arch(arm64)
    // Against the platform's own conversions over a sweep of magnitudes and ties.
    @Test func agreesWithHardwareConversions() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<200_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let exponent = Int(seed >> 58) - 40  // 2^-40 ... 2^23
            let significand = 1 + Double(seed & 0xFFFF_FFFF) / 0x1p32
            let value = Double(sign: seed & 1 == 0 ? .plus : .minus, exponent: exponent, significand: significand)
            #expect(DType.float16.rounded(value).bitPattern == Double(Float16(value)).bitPattern)
            #expect(DType.float32.rounded(value).bitPattern == Double(Float(value)).bitPattern)
        }
    }
    #endif

    @Test func representability() {
        #expect(DType.uint8.represents(255) && !DType.uint8.represents(256) && !DType.uint8.represents(-1))
        #expect(DType.int32.represents(-2_147_483_648) && !DType.int32.represents(2_147_483_648))
        #expect(DType.bool.represents(1) && !DType.bool.represents(2))
        #expect(DType.float16.represents(0.5) && !DType.float16.represents(0.1))
        #expect(DType.bfloat16.represents(9961472) && !DType.bfloat16.represents(9988410))
    }
}

/// DTypePolicy.swift and its use in call and adapt (SEMANTICS section 8).
@Suite struct PolicyTests {
    private func supplied(_ mean: Double, _ variance: Double, policy: DTypePolicy, invert: Bool = false) throws -> Normalization {
        try Normalization(mean: NDArray(scalar: mean), variance: NDArray(scalar: variance), invert: invert, policy: policy)
    }

    @Test func computeAndVariableDtypes() {
        #expect(DTypePolicy.mixedFloat16.computeDtype == .float16 && DTypePolicy.mixedFloat16.variableDtype == .float32)
        #expect(DTypePolicy.bfloat16.computeDtype == .bfloat16 && DTypePolicy.bfloat16.variableDtype == .bfloat16)
        #expect(DTypePolicy(rawValue: "mixed_bfloat16") == .mixedBfloat16)
    }

    // dtype.policy-call: variance 0 under float16 uses eps = 2^-23: (1.5 − 0.5)·2^23 overflows.
    @Test func clampOverflowsInFloat16() throws {
        var layer = try supplied(0.5, 0, policy: .mixedFloat16)
        #expect(try layer.call(NDArray([1.5, 0.5, -0.5])).scalars == [.infinity, 0, -.infinity])
        var bf = try supplied(0.5, 0, policy: .mixedBfloat16)
        #expect(try bf.call(NDArray([1.5, 0.5, -0.5])).scalars == [9961472, 0, -9961472])
    }

    // dtype.policy-call: a mean of 70000 is inf in float16.
    @Test func largeMeanOverflows() throws {
        var layer = try supplied(70000, 1, policy: .float16)
        let output = try layer.call(NDArray([1, 70000])).scalars
        #expect(output[0] == -.infinity && output[1].isNaN)
    }

    // The golden output is the exact formula on the rounded operands, rounded once: 1/3 in float16.
    @Test func outputRoundedOnceToTheComputeDtype() throws {
        var layer = try supplied(0, 9, policy: .float16)
        #expect(try layer.call(NDArray([1])).scalars == [DType.float16.rounded(1.0 / 3)])
        // The input is converted first: 0.1 becomes float16(0.1).
        var identity = try supplied(0, 1, policy: .float16)
        #expect(try identity.call(NDArray([0.1])).scalars == [DType.float16.rounded(0.1)])
    }

    // float32 and float64 policies are held in float64, as the default always was (call.dtype).
    @Test func widePoliciesAreNotRounded() throws {
        var layer = try supplied(0, 2, policy: .float32)
        #expect(try layer.call(NDArray([1])).scalars == [0.7071067811865476])
    }

    // dtype.policy-variables: adapted statistics are stored in the variable dtype.
    @Test func adaptedStatisticsInTheVariableDtype() throws {
        var half = try Normalization(axis: .none, policy: .float16)
        try half.adapt(NDArray([0, 0.1]))
        #expect(half.adaptedStatistics!.mean.scalars == [DType.float16.rounded(0.05)])
        var mixed = try Normalization(axis: .none, policy: .mixedFloat16)
        try mixed.adapt(NDArray([0, 0.1]))
        #expect(mixed.adaptedStatistics!.mean.scalars == [0.05])
    }
}
