import Corpus
import HDF5
import JSONText
import NormalizationReference

/// Writes a corpus in the format of CORPUS-FORMAT.md. Cases are written in id order and
/// every object without timestamps, so the same cases give the same bytes.
public enum CorpusWriter {
    public static func write(_ corpus: CorpusDocument, to path: String) throws(CorpusFileError) {
        do { try writeFile(corpus, to: path) } catch { throw .cannotWrite(file: path, error) }
    }

    private static func writeFile(_ corpus: CorpusDocument, to path: String) throws(HDF5Error) {
        let file = try File.create(path)
        let root = file.root
        try root.setAttribute(Key.format, string: FormatNames.corpusFormat)
        try root.setAttribute(Key.formatVersion, string: corpus.formatVersion)
        try root.setAttribute(Key.spec, string: corpus.spec)
        try root.setAttribute(Key.epsilon, double: corpus.epsilon)
        try root.setAttribute(Key.caseCount, int64: Int64(corpus.cases.count))
        try root.setAttribute(Key.generator, string: corpus.generator)
        let cases = try root.createGroup(Key.cases)
        for goldenCase in corpus.cases.sorted(by: { $0.id < $1.id }) {
            try write(goldenCase, into: try cases.createGroup(goldenCase.id))
        }
        try file.flush()
    }

    static func write(_ goldenCase: GoldenCase, into group: Group) throws(HDF5Error) {
        try group.setAttribute(Key.description, string: goldenCase.description)
        try group.setAttribute(Key.clauses, string: goldenCase.clauses.joined(separator: " "))
        try group.setAttribute(Key.tags, string: goldenCase.tags.joined(separator: " "))
        try group.setAttribute(Key.level, string: goldenCase.level.rawValue)
        try group.setAttribute(Key.exactIn, string: goldenCase.exactIn.rawValue)
        if let epsilon = goldenCase.epsilon { try group.setAttribute(Key.epsilon, double: epsilon) }
        if let policy = goldenCase.dtypePolicy { try group.setAttribute(Key.dtypePolicy, string: policy.rawValue) }
        let steps = try group.createGroup(Key.steps)
        for (index, step) in goldenCase.steps.enumerated() {
            try write(step, into: try steps.createGroup(FormatNames.index(index)))
        }
    }

    static func write(_ step: Step, into group: Group) throws(HDF5Error) {
        try group.setAttribute(Key.op, string: step.operation.name)
        if let dtype = step.dataDtype, let name = FormatNames.arrayDtypeAttribute(op: step.operation.name) {
            try group.setAttribute(name, string: dtype.rawValue)
        }
        switch step.operation {
        case .construct(let construction):
            try group.setAttribute(Key.axis, string: construction.axisJSON.text)
            try group.setAttribute(Key.invert, int8: construction.invert ? 1 : 0)
            if let mean = construction.mean { try group.write(Key.mean, mean) }
            if let variance = construction.variance { try group.write(Key.variance, variance) }
        case .build(let shape):
            try group.setAttribute(Key.inputShape, string: json(inputShape: shape).text)
        case .adapt(.array(let data)):
            try group.write(Key.data, data)
        case .adapt(.batches(let batches)):
            try group.setAttribute(Key.batches, int64: Int64(batches.count))
            for (index, batch) in batches.enumerated() { try group.write(FormatNames.batch(index), batch) }
        case .call(let input):
            try group.write(Key.input, input)
        }
        switch step.expectation {
        case .nothing:
            break
        case .output(let output):
            try group.write(Key.expected, output)
        case .statistics(let mean, let variance):
            try group.write(Key.expectedMean, mean)
            try group.write(Key.expectedVariance, variance)
        case .error(let expectation):
            try group.setAttribute(Key.error, string: expectation.code)
            try group.setAttribute(Key.exceptions, string: expectation.exceptions.joined(separator: " "))
            try group.setAttribute(Key.kerasMessage, string: expectation.kerasMessage)
        }
    }
}

extension Group {
    /// Writes an array as a float64 dataset of its own shape.
    func write(_ name: String, _ array: NDArray, format: FloatFormat = .float64) throws(HDF5Error) {
        try writeDataset(name, shape: array.shape, values: array.storedScalars, format: format)
    }
}

extension NDArray {
    /// The values as the corpus stores and digests them: every NaN as the one quiet NaN
    /// (0x7FF8000000000000). A NaN's sign and payload depend on the instructions that made it
    /// — a debug and a release build of the reference differ — and mean nothing here.
    var storedScalars: [Double] { scalars.map { $0.isNaN ? .nan : $0 } }
}
