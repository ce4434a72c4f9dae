import Corpus

/// A whole corpus file: the root attributes and the cases in id order.
public struct CorpusDocument: Sendable {
    /// What is specified, e.g. `keras.layers.Normalization (Keras 3.15.1)`.
    public var spec: String
    /// The default clamp.
    public var epsilon: Double
    /// Program and version that wrote the file.
    public var generator: String
    public var formatVersion: String
    public var cases: [GoldenCase]

    public init(spec: String, epsilon: Double, generator: String, formatVersion: String = FormatNames.formatVersion, cases: [GoldenCase]) {
        self.spec = spec
        self.epsilon = epsilon
        self.generator = generator
        self.formatVersion = formatVersion
        self.cases = cases
    }

    /// The clamp a case runs with.
    public func epsilon(for goldenCase: GoldenCase) -> Double { goldenCase.epsilon ?? epsilon }
}
