import Corpus
import NormalizationReference

/// A case as the catalog writes it: metadata and a script, without expected values. The
/// generator runs the script on the reference to fill those in, and checks that the case
/// fails exactly where `error` says (or nowhere).
struct CaseSpec {
    var id: String
    var description: String
    var clauses: [String]
    var tags: [String]
    var level: GoldenCase.Level
    var epsilon: Double?
    var construction: Construction
    /// The steps after the construction, without expectations.
    var steps: [Step]
    /// The error code the last step must raise; nil when every step must succeed.
    var error: String?

    init(_ id: String, _ description: String, clauses: String, tags: String, level: GoldenCase.Level = .keras,
         epsilon: Double? = nil, construct construction: Construction = Construction(), _ steps: [Step] = [],
         error: String? = nil) {
        self.id = id
        self.description = description
        self.clauses = clauses.split(separator: " ").map(String.init)
        self.tags = tags.split(separator: " ").map(String.init)
        self.level = level
        self.epsilon = epsilon
        self.construction = construction
        self.steps = steps
        self.error = error
    }
}

// A small vocabulary so that catalog entries read like the Keras calls they stand for.

func vector(_ values: [Double]) -> NDArray { NDArray(values) }
func rows(_ values: [[Double]]) -> NDArray { NDArray(rows: values) }
func scalar(_ value: Double) -> NDArray { NDArray(scalar: value) }
func array(_ shape: [Int], _ values: [Double]) -> NDArray { NDArray(shape: shape, scalars: values) }
func filled(_ value: Double, _ shape: [Int]) -> NDArray { NDArray(repeating: value, shape: shape) }

/// Steps; `dtype` is the dtype the implementation receives the arrays in (float32 when nil).
func adapt(_ data: NDArray, dtype: DType? = nil) -> Step { Step(.adapt(.array(data)), dataDtype: dtype) }
func adapt(batches: [NDArray], dtype: DType? = nil) -> Step { Step(.adapt(.batches(batches)), dataDtype: dtype) }
func call(_ input: NDArray, dtype: DType? = nil) -> Step { Step(.call(input: input), dataDtype: dtype) }
func build(_ shape: [Int?]) -> Step { Step(.build(inputShape: shape)) }

func layer(axis: AxisArgument = .default, invert: Bool = false, mean: NDArray? = nil, variance: NDArray? = nil,
           policy: DTypePolicy? = nil) -> Construction {
    Construction(axis: axis, invert: invert, mean: mean, variance: variance, dtypePolicy: policy)
}

/// Supplied statistics, mean and variance of the same shape.
func supplied(axis: AxisArgument = .default, invert: Bool = false, mean: NDArray, variance: NDArray,
              policy: DTypePolicy? = nil) -> Construction {
    Construction(axis: axis, invert: invert, mean: mean, variance: variance, dtypePolicy: policy)
}
