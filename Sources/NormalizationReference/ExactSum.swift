/// An exact sum of doubles and of products of doubles, held as one integer in fixed point,
/// and its quotient by a count rounded once (clause adapt.moments asks for statistics as
/// exact as float64 allows).
///
/// Every finite double is an integer times a power of two, and so is the product of two.
/// The sum is kept as a signed integer in base 2³² whose digits reach as far down and up as
/// the values added need: nothing is ever rounded, overflows or underflows while adding, so
/// the result does not depend on the order of the values, on cancellation or on their range.
/// Only `quotient` rounds, once, to the nearest double (ties to even).
///
/// Non-finite values are kept apart and summed with IEEE rules (NaN absorbs, +inf + -inf is
/// NaN), so a column holding NaN or inf gets the result numpy would (adapt.degenerate).
struct ExactSum {
    /// Base-2³² digits, least significant first: `digits[i]` weighs 2^(32·(lowest + i)).
    /// Every digit lies in 0..<2³² except the last, which carries the sign.
    private var digits: [Int64] = []
    private var lowest = 0
    /// The IEEE sum of the non-finite values added, or nil if there were none.
    private var nonFinite: Double?

    static let digitBits = 32

    /// The digit holding bit `position` (weight 2^position): floor(position / 32), for
    /// negative positions too.
    private static func digitIndex(ofBit position: Int) -> Int { position >> digitBits.trailingZeroBitCount }
    /// The place of bit `position` within its digit.
    private static func place(ofBit position: Int) -> UInt64 { UInt64(position & (digitBits - 1)) }

    init() {}

    /// The exact sum of one value.
    init(_ value: Double) { add(value) }

    mutating func add(_ value: Double) {
        guard value.isFinite else {
            nonFinite = nonFinite.map { $0 + value } ?? value
            return
        }
        let (significand, exponent) = Self.integerParts(value)
        add(magnitude: (0, significand), exponent: exponent, negative: value.sign == .minus)
    }

    /// Adds `a · b` of finite values exactly: the product of the two integer significands, at
    /// the sum of the exponents.
    mutating func addProduct(_ a: Double, _ b: Double) {
        precondition(a.isFinite && b.isFinite, "an exact product of finite values")
        let (aSignificand, aExponent) = Self.integerParts(a)
        let (bSignificand, bExponent) = Self.integerParts(b)
        add(magnitude: aSignificand.multipliedFullWidth(by: bSignificand),
            exponent: aExponent + bExponent, negative: a.sign != b.sign)
    }

    /// Adds another exact sum, digit by digit.
    mutating func merge(_ other: ExactSum) {
        if let otherNonFinite = other.nonFinite { add(otherNonFinite) }
        for (i, digit) in other.digits.enumerated() {
            add(magnitude: (0, digit.magnitude), exponent: Self.digitBits * (other.lowest + i), negative: digit < 0)
        }
    }

    /// Adds (or, `negated`, subtracts) `a · b` of two exact sums of finite values, digit by
    /// digit: the moments need n·Σx² and (Σx)².
    mutating func addProduct(_ a: ExactSum, _ b: ExactSum, negated: Bool = false) {
        for (i, aDigit) in a.digits.enumerated() {
            for (j, bDigit) in b.digits.enumerated() {
                add(magnitude: (0, aDigit.magnitude * bDigit.magnitude),
                    exponent: Self.digitBits * (a.lowest + i + b.lowest + j),
                    negative: ((aDigit < 0) != (bDigit < 0)) != negated)
            }
        }
    }

    /// Whether a non-finite value was added.
    var hasNonFinite: Bool { nonFinite != nil }

    /// Whether the sum of the finite values is below zero (the top digit carries the sign).
    var isNegative: Bool { (digits.last ?? 0) < 0 }

    /// This sum minus and plus `radius` (finite, ≥ 0).
    func interval(_ radius: Double) -> (low: ExactSum, high: ExactSum) {
        var low = self, high = self
        low.add(-radius)
        high.add(radius)
        return (low, high)
    }

    /// The exact sum divided by each divisor in turn, rounded once to the nearest double
    /// (ties to even). A divisor of 0 (no samples, so the sum is 0) gives 0/0 = NaN
    /// (adapt.empty-array); ±inf and NaN divided by a count stay what they are.
    func quotient(dividingBy divisors: Int...) -> Double {
        guard divisors.allSatisfy({ $0 > 0 }) else { return .nan }
        if let nonFinite { return nonFinite }
        let (negative, digitsFromLowest) = signAndMagnitude()
        // Digits down to the one holding 2^-1075 (2^-1088 ... 2^-1057), the round bit of the
        // smallest subnormal, so every bit the rounding reads is a digit or the remainder.
        let bottom = min(lowest, -34)
        var magnitude = Array(repeating: 0, count: lowest - bottom) + digitsFromLowest
        // Long division from the top digit: floor(floor(a / b) / c) = floor(a / (b·c)), and
        // the exact quotient lies beyond the digits only if a remainder was left.
        var remainderLeft = false
        for divisor in divisors.map(UInt64.init) {
            var remainder: UInt64 = 0
            for index in magnitude.indices.reversed() {
                let dividend = (high: remainder >> Self.digitBits, low: (remainder << Self.digitBits) | magnitude[index])
                (magnitude[index], remainder) = divisor.dividingFullWidth(dividend)
            }
            remainderLeft = remainderLeft || remainder != 0
        }
        return Self.rounded(magnitude, lowest: bottom, negative: negative, inexact: remainderLeft)
    }

    // MARK: - The integer

    /// `value` = ±significand · 2^exponent with an integer significand below 2⁵³.
    private static func integerParts(_ value: Double) -> (significand: UInt64, exponent: Int) {
        let fraction = value.significandBitPattern
        guard value.isNormal else { return (fraction, Double.leastNonzeroMagnitude.exponent) }
        let hidden: UInt64 = 1 << Double.significandBitCount
        return (hidden | fraction, Int(value.exponent) - Double.significandBitCount)
    }

    /// Adds ±magnitude · 2^exponent: the magnitude shifted onto digit boundaries, one digit
    /// at a time, then the carries.
    private mutating func add(magnitude: (high: UInt64, low: UInt64), exponent: Int, negative: Bool) {
        guard magnitude != (0, 0) else { return }  // a zero has no highest part
        let first = Self.digitIndex(ofBit: exponent)
        let shift = Self.place(ofBit: exponent)
        // The 128-bit magnitude shifted left by `shift` < 32: three words, five digits (Swift's
        // shifts by 64 or more give 0, so shift 0 needs no case of its own).
        let words = (magnitude.low << shift,
                     magnitude.high << shift | magnitude.low >> (64 - shift),
                     magnitude.high >> (64 - shift))
        func part(_ index: Int) -> UInt64 {
            let word = index < 2 ? words.0 : index < 4 ? words.1 : words.2
            return index % 2 == 0 ? word & ((1 << Self.digitBits) - 1) : word >> Self.digitBits
        }
        // Digits up to the highest non-zero part only: carries past the top make a new digit.
        let used = (0..<5).last { part($0) != 0 }! + 1
        reserve(from: first, count: used)
        for offset in 0..<used {
            digits[first - lowest + offset] += negative ? -Int64(part(offset)) : Int64(part(offset))
        }
        normalize()
    }

    /// Makes digits exist for absolute indices `from ..< from + count`.
    private mutating func reserve(from first: Int, count: Int) {
        if digits.isEmpty { lowest = first }
        if first < lowest {
            digits.insert(contentsOf: repeatElement(0, count: lowest - first), at: 0)
            lowest = first
        }
        let missing = first + count - lowest - digits.count
        if missing > 0 { digits.append(contentsOf: repeatElement(0, count: missing)) }
    }

    /// Moves carries up from the lowest digit until every digit but the top one is in 0..<2³²;
    /// the top digit keeps the sign: -1, or 0..<2³², so any two digits multiply within 64 bits.
    private mutating func normalize() {
        for index in digits.indices.dropLast() {
            let carry = digits[index] >> Int64(Self.digitBits)  // floor division by 2³²
            digits[index] -= carry << Int64(Self.digitBits)
            digits[index + 1] += carry
        }
        while let top = digits.last, top != -1, top >> Int64(Self.digitBits) != 0 {
            let carry = top >> Int64(Self.digitBits)
            digits[digits.count - 1] = top - carry << Int64(Self.digitBits)
            digits.append(carry)
        }
    }

    /// The sign, and the absolute value's digits in 0..<2³² from `lowest` up.
    private func signAndMagnitude() -> (negative: Bool, magnitude: [UInt64]) {
        guard let top = digits.last, top < 0 else { return (false, digits.map { UInt64($0) }) }
        var negated = self
        negated.digits = digits.map { -$0 }
        negated.normalize()
        return (true, negated.digits.map { UInt64($0) })
    }

    /// ±magnitude · 2^(32·lowest), plus something below its last digit if `inexact`, rounded
    /// to the nearest double, ties to even; past the largest double it is ±inf. The digits
    /// must reach below 2^-1075, the round bit of the smallest subnormal.
    private static func rounded(_ magnitude: [UInt64], lowest: Int, negative: Bool, inexact: Bool) -> Double {
        // No digit set: the sum was 0 (a sum of doubles is 0 or at least 2^-1074 away from it,
        // and no count brings that below the digits).
        guard let top = magnitude.lastIndex(where: { $0 != 0 }) else { return 0 }
        func bit(_ position: Int) -> UInt64 {
            (magnitude[digitIndex(ofBit: position) - lowest] >> place(ofBit: position)) & 1
        }
        let topBit = digitBits * (lowest + top) + (63 - magnitude[top].leadingZeroBitCount)
        // The last bit the double keeps: 52 below the top, or the subnormals' fixed last bit.
        let last = max(topBit - Double.significandBitCount, Int(Double.leastNonzeroMagnitude.exponent))
        let roundBit = last - 1
        // Below half the smallest subnormal (and below the digits' top): rounds to zero.
        if topBit < roundBit { return negative ? -0.0 : 0 }
        var significand: UInt64 = 0
        for position in stride(from: topBit, through: last, by: -1) { significand = significand << 1 | bit(position) }
        let roundDigit = digitIndex(ofBit: roundBit) - lowest
        let roundDigitBelow = magnitude[roundDigit] & ((1 << place(ofBit: roundBit)) - 1)
        let belowRoundBit = inexact || roundDigitBelow != 0 || magnitude[..<roundDigit].contains { $0 != 0 }
        if bit(roundBit) == 1 && (belowRoundBit || significand & 1 == 1) { significand += 1 }
        // significand ≤ 2⁵³ and its scaling are exact; past 2¹⁰²⁴ the scaling gives inf.
        let value = Double(sign: .plus, exponent: last, significand: Double(significand))
        return negative ? -value : value
    }
}
