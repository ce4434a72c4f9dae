@testable import NormalizationReference

/// The four-row example data the documentation adapts on.
let docAdaptData = NDArray(rows: [[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]])

/// Scalars of a result, for compact comparisons.
func values(_ array: NDArray) -> [Double] { array.scalars }

/// Bit patterns, so that NaN, -0 and exactness are compared exactly.
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
