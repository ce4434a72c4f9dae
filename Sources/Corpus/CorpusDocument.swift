/// A corpus: the root attributes of its file and the cases in id order. The one corpus
/// type: the reader returns it, the generator fills it, the harness judges against it.
public struct CorpusDocument: Sendable {
    /// The format version this project writes (CORPUS-FORMAT.md); readers accept any 1.x.
    public static let formatVersion = "1.1"

    /// What is specified, e.g. `keras.layers.Normalization (Keras 3.15.1)`.
    public var spec: String
    /// The default clamp.
    public var epsilon: Double
    /// Program and version that wrote the file.
    public var generator: String
    public var formatVersion: String
    public var cases: [GoldenCase]

    public init(spec: String, epsilon: Double, generator: String, formatVersion: String = CorpusDocument.formatVersion, cases: [GoldenCase]) {
        self.spec = spec
        self.epsilon = epsilon
        self.generator = generator
        self.formatVersion = formatVersion
        self.cases = cases
    }

    /// The clamp a case runs with: its own epsilon, else the corpus's.
    public func epsilon(for goldenCase: GoldenCase) -> Double { goldenCase.epsilon ?? epsilon }
}
