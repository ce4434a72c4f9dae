/// The clause ids of SEMANTICS.md sections 1–4, 8 and 9, each of which at least one golden case must
/// cover. Kept here, beside the model, so that a new clause is one line and a test notices
/// an uncovered one.
public enum Clauses {
    public static let construction = [
        "axis.normalise", "axis.type-error", "stats.pair", "stats.same-shape", "stats.rank", "stats.values-unchecked",
    ]
    public static let build = [
        "build.range", "build.sort", "build.unknown-dim", "build.shapes", "build.batch-axis-kept", "build.defaults",
        "build.duplicate-axis", "build.broadcast", "build.not-broadcastable",
    ]
    public static let call = [
        "call.formula", "call.invert", "call.eps-clamp", "call.special-values", "call.broadcasting", "call.dtype",
    ]
    public static let adapt = [
        "adapt.moments", "adapt.builds", "adapt.shape-check", "adapt.replaces", "adapt.batches", "adapt.batch-shape",
        "adapt.empty-stream", "adapt.empty-array", "adapt.degenerate", "adapt.supplied-error",
    ]
    /// Section 8: input dtypes and precision policies.
    public static let dtype = [
        "dtype.input-cast", "dtype.policy-call", "dtype.policy-variables", "dtype.float64-policy", "dtype.adapt-array",
        "dtype.adapt-stream", "epsilon.read-time",
    ]
    /// Section 9, the clauses golden cases can pin (the others are facts of an environment
    /// or of an implementation's kind: the TensorFlow import, openvino, exported forms).
    public static let backends = ["errors.backend-native"]
    /// Every clause the corpus must cover, in document order.
    public static let all = construction + build + call + adapt + dtype + backends
}
