import Corpus
import NormalizationReference
import Playback

/// Turns the catalog into golden cases by running each script on the reference.
public enum CorpusGenerator {
    public static let spec = "keras.layers.Normalization (Keras 3.15.1)"
    public static let defaultEpsilon = Normalization.defaultEpsilon
    public static let name = "normconf generate 1.0"

    /// A catalog entry whose script does not behave as the entry says.
    public struct CatalogError: Error, CustomStringConvertible {
        public let id: String
        public let problem: String
        public var description: String { "catalog case \(id): \(problem)" }
    }

    /// Every case of the catalog, in id order, with expectations from the reference.
    public static func cases() throws -> [GoldenCase] {
        let specs = Catalog.all, hunted = Catalog.huntedCases
        var seen = Set<String>()
        for spec in specs + hunted where !seen.insert(spec.id).inserted {
            throw CatalogError(id: spec.id, problem: "duplicate id")
        }
        // A hunted case is a random script: the reference decides where it ends.
        return try (specs.map(goldenCase) + hunted.map(observedCase)).sorted { $0.id < $1.id }
    }

    /// The case of a script whose outcome the reference decides: the steps up to the first
    /// one that raises, which is then the expected error (random cases).
    static func observedCase(_ spec: CaseSpec) throws -> GoldenCase {
        var spec = spec
        let results = ScriptRunner.run([Step(.construct(spec.construction))] + spec.steps, on: ReferenceImplementation(),
                                       epsilon: spec.epsilon ?? defaultEpsilon)
        if case .error(let raised)? = results.last {
            spec.steps = Array(spec.steps.prefix(results.count - 1))
            spec.error = raised.code
            spec.tags.append("error")
        }
        return try goldenCase(spec)
    }

    static func goldenCase(_ spec: CaseSpec) throws -> GoldenCase {
        var steps = [Step(.construct(spec.construction))] + spec.steps
        let results = ScriptRunner.run(steps, on: ReferenceImplementation(), epsilon: spec.epsilon ?? defaultEpsilon)
        guard results.count <= steps.count else { throw CatalogError(id: spec.id, problem: "more results than steps") }
        if results.count < steps.count, case .error(let raised)? = results.last {
            throw CatalogError(id: spec.id, problem: "step \(results.count - 1) of \(steps.count - 1) raised \(raised.code ?? raised.exception); an error must end the script")
        }
        for (index, result) in results.enumerated() {
            steps[index].expectation = try expectation(for: result, in: spec, isLast: index == steps.count - 1)
        }
        return GoldenCase(
            id: spec.id, description: spec.description, clauses: spec.clauses, tags: spec.tags, level: spec.level,
            exactIn: narrowestExactPrecision(steps), epsilon: spec.epsilon, steps: steps)
    }

    private static func expectation(for result: StepResult, in spec: CaseSpec, isLast: Bool) throws -> StepExpectation {
        switch result {
        case .error(let raised):
            guard isLast, raised.code == spec.error, let code = raised.code else {
                throw CatalogError(id: spec.id, problem: "unexpected error \(raised.code ?? raised.exception): \(raised.message)")
            }
            return .error(ErrorExpectation(code: code, exceptions: NormalizationError.exceptions(forCode: code), kerasMessage: raised.message))
        case .unsupported(let reason):
            throw CatalogError(id: spec.id, problem: "the reference cannot run it: \(reason)")
        case .ok(let output, let statistics, _):
            if isLast, let code = spec.error { throw CatalogError(id: spec.id, problem: "expected \(code), got success") }
            if let output { return .output(output) }
            if let statistics { return .statistics(mean: statistics.mean, variance: statistics.variance) }
            return .nothing
        }
    }

    /// The narrowest IEEE format holding every input, adapt value and supplied statistic
    /// (float16 before bfloat16 where both do).
    static func narrowestExactPrecision(_ steps: [Step]) -> DType {
        var arrays: [NDArray] = []
        for step in steps {
            switch step.operation {
            case .construct(let construction): arrays += [construction.mean, construction.variance].compactMap { $0 }
            case .build: break
            case .adapt(.array(let data)): arrays.append(data)
            case .adapt(.batches(let batches)): arrays += batches
            case .call(let input): arrays.append(input)
            }
        }
        let values = arrays.lazy.flatMap(\.scalars)
        return GoldenCase.exactInDtypes.first { dtype in values.allSatisfy(dtype.represents) }!
    }
}
