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
    var operations: [Operation]
    /// The error code the last step must raise; nil when every step must succeed.
    var error: String?

    init(_ id: String, _ description: String, clauses: String, tags: String, level: GoldenCase.Level = .keras,
         epsilon: Double? = nil, construct construction: Construction = Construction(), _ operations: [Operation] = [],
         error: String? = nil) {
        self.id = id
        self.description = description
        self.clauses = clauses.split(separator: " ").map(String.init)
        self.tags = tags.split(separator: " ").map(String.init)
        self.level = level
        self.epsilon = epsilon
        self.construction = construction
        self.operations = operations
        self.error = error
    }
}

// A small vocabulary so that catalog entries read like the Keras calls they stand for.

func vector(_ values: [Double]) -> NDArray { NDArray(values) }
func rows(_ values: [[Double]]) -> NDArray { NDArray(rows: values) }
func scalar(_ value: Double) -> NDArray { NDArray(scalar: value) }
func array(_ shape: [Int], _ values: [Double]) -> NDArray { NDArray(shape: shape, scalars: values) }
func filled(_ value: Double, _ shape: [Int]) -> NDArray { NDArray(repeating: value, shape: shape) }

func adapt(_ data: NDArray) -> Operation { .adapt(.array(data)) }
func adapt(batches: [NDArray]) -> Operation { .adapt(.batches(batches)) }
func call(_ input: NDArray) -> Operation { .call(input: input) }
func build(_ shape: [Int?]) -> Operation { .build(inputShape: shape) }

func layer(axis: AxisArgument = .index(-1), invert: Bool = false, mean: NDArray? = nil, variance: NDArray? = nil) -> Construction {
    Construction(axis: axis, invert: invert, mean: mean, variance: variance)
}

/// Supplied statistics, mean and variance of the same shape.
func supplied(axis: AxisArgument = .index(-1), invert: Bool = false, mean: NDArray, variance: NDArray) -> Construction {
    Construction(axis: axis, invert: invert, mean: mean, variance: variance)
}
