import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large work split into contiguous parts that run on the machine's cores at once. Only the
/// fast paths use it, and only on parts that touch disjoint memory: each element of a call's
/// output depends on that element alone, and adapt's parts keep their own accumulators, whose
/// exact totals do not depend on the split. So no result changes by a bit with the number of
/// cores — only how long it takes.
enum Parallel {
    /// The cores online, at most 8 (the parts' accumulators cost memory per part).
    static let cores: Int = {
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return max(1, min(8, Int(online)))
    }()

    /// The least number of elements worth a part of their own on another core.
    static let elementsPerPart = 1 << 18

    /// `0..<count` as at most `cores` contiguous ranges of at least `minimum` elements each
    /// (a single range when `count` is smaller), in order.
    static func parts(of count: Int, minimum: Int) -> [Range<Int>] {
        let parts = max(1, min(cores, count / max(minimum, 1)))
        return (0..<parts).map { part in count * part / parts..<count * (part + 1) / parts }
    }

    /// Runs `body` on each of `parts(of: count, minimum:)` with its index, concurrently, and
    /// returns when all are done. `body` must write only what its part owns.
    static func forEachPart(of count: Int, minimum: Int, _ body: (_ part: Int, _ elements: Range<Int>) -> Void) {
        let parts = parts(of: count, minimum: minimum)
        if parts.count == 1 { return body(0, parts[0]) }
        withoutActuallyEscaping(body) { body in
            // The parts write disjoint memory (see above), which the compiler cannot see.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: parts.count) { part in body(part, parts[part]) }
        }
    }
}
