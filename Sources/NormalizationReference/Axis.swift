/// The `axis` argument of `Normalization(axis=...)` and its resolution at build time.
///
/// Construction keeps the user's entries as given (clause axis.normalise): order, negative
/// values and duplicates survive until build, where they are range-checked (build.range),
/// made non-negative and sorted (build.sort).
public enum AxisArgument: Sendable, Equatable, CustomStringConvertible {
    /// `axis=None`: no kept axis, one scalar mean and variance.
    case none
    /// `axis=k`: becomes the 1-tuple `(k,)`.
    case index(Int)
    /// `axis=(a, b, ...)` or a list, kept exactly as given; `()` is the same as `None`.
    case list([Int])
    /// A value that is neither int, sequence nor None (`1.5`), spelled as Python prints it.
    /// Keras' `tuple(axis)` fails on it at construction (axis.type-error).
    case invalid(String)
    /// A sequence whose entries are not all integers (`"a"` is a sequence in Python, as is
    /// `[1.5]`), spelled as Python prints it, with each entry's number (nil for one that is
    /// not a number). Keras accepts it at construction, where only its length counts
    /// (stats.rank), and fails at build (axis.type-error) — unless a number is out of range
    /// first (build.range).
    case invalidEntries(String, values: [Double?])

    /// The layer's default, `axis=-1`: the last axis keeps its statistics.
    public static let `default` = AxisArgument.index(-1)

    /// The entries after construction-time normalisation (axis.normalise); nil for an
    /// invalid argument.
    public var entries: [Int]? {
        switch self {
        case .none: return []
        case .index(let axis): return [axis]
        case .list(let axes): return axes
        case .invalid, .invalidEntries: return nil
        }
    }

    /// `len(axis)` after construction: what stats.rank compares the mean's rank with; nil
    /// for an argument construction rejects.
    public var entryCount: Int? {
        if case .invalidEntries(_, let values) = self { return values.count }
        return entries?.count
    }

    /// Python's spelling: `None`, `(-1,)`, `(1, 2)`; what Keras prints in its messages.
    public var description: String {
        switch self {
        case .invalid(let text), .invalidEntries(let text, _): return text
        default: return python(entries ?? [])
        }
    }
}

/// The axes of a built layer: which input axes keep their own statistics.
struct ResolvedAxes: Sendable, Equatable {
    /// The input rank the layer was built for.
    let ndim: Int
    /// The entries made non-negative and sorted ascending; duplicates stay (build.sort).
    let kept: [Int]
    /// Every other axis, ascending: the axes `adapt` reduces over.
    let reduced: [Int]

    /// Range-checks and sorts `entries` for an input of rank `ndim` (build.range, build.sort).
    init(entries: [Int], ndim: Int) throws(NormalizationError) {
        guard entries.allSatisfy({ -ndim <= $0 && $0 < ndim }) else {
            throw .axisOutOfRange(ndim: ndim, axis: entries)
        }
        self.ndim = ndim
        let kept = entries.map { $0 < 0 ? $0 + ndim : $0 }.sorted()
        self.kept = kept
        reduced = (0..<ndim).filter { !kept.contains($0) }
    }

    /// The statistics shape: the sizes of the kept axes in sorted order (build.shapes).
    func statisticsShape(_ inputShape: [Int]) -> [Int] {
        kept.map { inputShape[$0] }
    }

    /// The broadcast shape: rank `ndim`, input size on kept axes and 1 elsewhere (build.shapes).
    func broadcastShape(_ inputShape: [Int]) -> [Int] {
        (0..<ndim).map { kept.contains($0) ? inputShape[$0] : 1 }
    }
}
