// The mutated copy of the reference declares types of its own (MutatedReference.NDArray,
// .AxisArgument, .DTypePolicy, .NormalizationError); the harness speaks the real reference's.
// MutatedLayer translates between them, so that Playback's ReferenceImplementation — rewritten
// by tools/mutate into MutatedImplementation.swift — runs the mutated layer unchanged.
import MutatedReference
import Normconf
import NormalizationReference

struct MutatedLayer {
    private var layer: MutatedReference.Normalization

    init(axis: NormalizationReference.AxisArgument, mean: NormalizationReference.NDArray?, variance: NormalizationReference.NDArray?,
         invert: Bool, epsilon: Double, policy: NormalizationReference.DTypePolicy) throws {
        layer = try Self.translatingErrors {
            try MutatedReference.Normalization(axis: Self.mutated(axis), mean: mean.map(Self.mutated), variance: variance.map(Self.mutated),
                                               invert: invert, epsilon: epsilon, policy: MutatedReference.DTypePolicy(rawValue: policy.rawValue)!)
        }
    }

    mutating func build(inputShape: [Int?]) throws {
        try Self.translatingErrors { try layer.build(inputShape: inputShape) }
    }

    mutating func adapt(_ data: NormalizationReference.NDArray) throws {
        try Self.translatingErrors { try layer.adapt(Self.mutated(data)) }
    }

    mutating func adapt(batches: [NormalizationReference.NDArray]) throws {
        try Self.translatingErrors { try layer.adapt(batches: batches.map(Self.mutated)) }
    }

    mutating func call(_ input: NormalizationReference.NDArray) throws -> NormalizationReference.NDArray {
        try Self.translatingErrors { Self.original(try layer.call(Self.mutated(input))) }
    }

    var adaptedStatistics: (mean: NormalizationReference.NDArray, variance: NormalizationReference.NDArray)? {
        layer.adaptedStatistics.map { (Self.original($0.mean), Self.original($0.variance)) }
    }

    /// The mutated layer's error as the corpus names it: its code, exception and message.
    private static func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MutatedReference.NormalizationError {
            throw LayerError(error.code, exception: error.exceptions.first, message: error.message)
        }
    }

    private static func mutated(_ array: NormalizationReference.NDArray) -> MutatedReference.NDArray {
        MutatedReference.NDArray(shape: array.shape, scalars: array.scalars)
    }

    private static func original(_ array: MutatedReference.NDArray) -> NormalizationReference.NDArray {
        NormalizationReference.NDArray(shape: array.shape, scalars: array.scalars)
    }

    private static func mutated(_ axis: NormalizationReference.AxisArgument) -> MutatedReference.AxisArgument {
        switch axis {
        case .none: .none
        case .index(let index): .index(index)
        case .list(let list): .list(list)
        case .invalid(let text): .invalid(text)
        case .invalidEntries(let text, let values): .invalidEntries(text, values: values)
        }
    }
}
