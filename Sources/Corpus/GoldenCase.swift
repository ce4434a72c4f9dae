import JSONText
import NormalizationReference

/// One golden case of the corpus (CORPUS-FORMAT.md, "Corpus file"): metadata and a script
/// of steps run in order on one layer. The model is plain data; `CorpusFile` reads and
/// writes it as HDF5, and the harness runs it.
public struct GoldenCase: Sendable {
    /// Stable id, `^[a-z0-9][a-z0-9._-]*$`.
    public var id: String
    /// One sentence: what this case checks.
    public var description: String
    /// SEMANTICS.md clause ids this case covers.
    public var clauses: [String]
    /// Tags such as `axis`, `invert`, `error`.
    public var tags: [String]
    public var level: Level
    /// Narrowest IEEE type holding every input, adapt value and supplied statistic exactly:
    /// float16, bfloat16, float32 or float64.
    public var exactIn: DType
    /// The clamp when it is not the corpus default.
    public var epsilon: Double?
    /// The script; `steps[0]` is always the construction.
    public var steps: [Step]

    public init(id: String, description: String, clauses: [String], tags: [String], level: Level,
                exactIn: DType, epsilon: Double? = nil, steps: [Step]) {
        self.id = id
        self.description = description
        self.clauses = clauses
        self.tags = tags
        self.level = level
        self.exactIn = exactIn
        self.epsilon = epsilon
        self.steps = steps
    }

    /// The floating dtypes, narrowest first (float16 before bfloat16): what `exact_in` may be.
    public static let exactInDtypes: [DType] = [.float16, .bfloat16, .float32, .float64]

    /// `doc`: the documentation states it; `keras`: Keras 3.15.1 behaviour beyond the doc.
    public enum Level: String, Sendable, CaseIterable { case doc, keras }

    /// The dtype policy the case's layer is constructed with (format 1.1's `dtype_policy`);
    /// nil when the case does not name one, which means float32.
    public var dtypePolicy: DTypePolicy? {
        guard case .construct(let construction)? = steps.first?.operation else { return nil }
        return construction.dtypePolicy
    }

    /// The policy in force: the one named, else float32.
    public var policy: DTypePolicy { dtypePolicy ?? .float32 }

    /// The arrays the implementation receives in its own dtype: supplied statistics, and the
    /// inputs and data of steps that declare no dtype. Declared arrays are exact in their
    /// declared dtype by the format's rule.
    public var undeclaredArrays: [NDArray] {
        steps.flatMap { step -> [NDArray] in
            switch step.operation {
            case .construct(let construction): return [construction.mean, construction.variance].compactMap { $0 }
            case .build: return []
            case .adapt(.array(let data)): return step.dataDtype == nil ? [data] : []
            case .adapt(.batches(let batches)): return step.dataDtype == nil ? batches : []
            case .call(let input): return step.dataDtype == nil ? [input] : []
            }
        }
    }

    /// Whether the case uses what format 1.1 added: a dtype policy or a declared input dtype.
    public var usesFormat11Additions: Bool {
        dtypePolicy != nil || steps.contains { $0.dataDtype != nil }
    }
}

/// One step of a case's script and what the corpus expects of it.
public struct Step: Sendable {
    public var operation: Operation
    public var expectation: StepExpectation
    /// The dtype the implementation receives the step's arrays in: `input_dtype` of a call,
    /// `data_dtype` of an adapt (format 1.1); nil means float32. The stored float64 values
    /// are exact in it.
    public var dataDtype: DType?

    public init(_ operation: Operation, expecting expectation: StepExpectation = .nothing, dataDtype: DType? = nil) {
        self.operation = operation
        self.expectation = expectation
        self.dataDtype = dataDtype
    }
}

/// What a step does (the `op` attribute).
public enum Operation: Sendable {
    case construct(Construction)
    case build(inputShape: [Int?])
    case adapt(AdaptData)
    case call(input: NDArray)

    /// The `op` attribute's value.
    public var name: String {
        switch self {
        case .construct: "construct"
        case .build: "build"
        case .adapt: "adapt"
        case .call: "call"
        }
    }
}

/// The arguments of `Normalization(axis, mean, variance, invert, dtype)`.
public struct Construction: Sendable {
    /// The axis as the corpus writes it (JSON), so that invalid values such as `1.5` or
    /// `"a"` survive a round trip; `axis` interprets it.
    public var axisJSON: JSONValue
    public var invert: Bool
    public var mean: NDArray?
    public var variance: NDArray?
    /// The `dtype=` argument; nil when not given (float32).
    public var dtypePolicy: DTypePolicy?

    public init(axisJSON: JSONValue, invert: Bool = false, mean: NDArray? = nil, variance: NDArray? = nil,
                dtypePolicy: DTypePolicy? = nil) {
        self.axisJSON = axisJSON
        self.invert = invert
        self.mean = mean
        self.variance = variance
        self.dtypePolicy = dtypePolicy
    }

    /// A construction with a valid axis argument.
    public init(axis: AxisArgument = .default, invert: Bool = false, mean: NDArray? = nil, variance: NDArray? = nil,
                dtypePolicy: DTypePolicy? = nil) {
        guard let json = axis.json else { preconditionFailure("invalid axes are written as JSON: \(axis)") }
        self.init(axisJSON: json, invert: invert, mean: mean, variance: variance, dtypePolicy: dtypePolicy)
    }

    /// The policy in force: the one given, else float32.
    public var policy: DTypePolicy { dtypePolicy ?? .float32 }

    public var axis: AxisArgument { AxisArgument(json: axisJSON) }
}

/// What `adapt` is given: one array, or a stream of batches.
public enum AdaptData: Sendable {
    case array(NDArray)
    case batches([NDArray])
}

/// What the corpus expects a step to produce.
public enum StepExpectation: Sendable {
    /// A construct or build step that succeeds.
    case nothing
    /// A successful call: the output.
    case output(NDArray)
    /// A successful adapt: the statistics in the statistics shape.
    case statistics(mean: NDArray, variance: NDArray)
    /// The step raises; it is the case's last step.
    case error(ErrorExpectation)
}

/// An error expectation: the stable code, the exception classes Keras raises across
/// backends, and Keras' own message (for people; never compared).
public struct ErrorExpectation: Sendable, Equatable {
    public var code: String
    public var exceptions: [String]
    public var kerasMessage: String

    public init(code: String, exceptions: [String], kerasMessage: String) {
        self.code = code
        self.exceptions = exceptions
        self.kerasMessage = kerasMessage
    }

    /// The expectation for a reference error.
    public init(_ error: NormalizationError) {
        self.init(code: error.code, exceptions: error.exceptions, kerasMessage: error.message)
    }
}
