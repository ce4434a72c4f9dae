/// The four examples of keras-normalization-doc.txt, verbatim.
extension Catalog {
    static let documentationExamples: [CaseSpec] = {
        let adaptData = rows([[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]])
        return [
            CaseSpec("doc.adapt-global", "adapt on [1, 2, 3, 4, 5] with axis=None, then call on [1, 2, 3] (doc example 1).",
                     clauses: "axis.normalise adapt.moments adapt.builds call.formula", tags: "doc-example adapt axis", level: .doc,
                     construct: layer(axis: .none), [adapt(vector([1, 2, 3, 4, 5])), call(vector([1, 2, 3]))]),
            CaseSpec("doc.adapt-last-axis", "adapt per index on the last axis of a 4x3 array, then call on one row (doc example 2).",
                     clauses: "adapt.moments build.shapes call.formula", tags: "doc-example adapt axis", level: .doc,
                     construct: layer(axis: .index(-1)), [adapt(adaptData), call(rows([[0, 7, 4]]))]),
            CaseSpec("doc.supplied-scalars", "mean=3 and variance=2 passed directly, called on a 3x1 column (doc example 3).",
                     clauses: "build.broadcast call.formula", tags: "doc-example broadcast", level: .doc,
                     construct: supplied(mean: scalar(3), variance: scalar(2)), [call(rows([[1], [2], [3]]))]),
            CaseSpec("doc.invert", "invert=True after adapting on the 4x3 example data turns [1, 2, 3] into [2, 10, 8] (doc example 4).",
                     clauses: "call.invert adapt.moments", tags: "doc-example invert adapt", level: .doc,
                     construct: layer(axis: .index(-1), invert: true), [adapt(adaptData), call(rows([[1, 2, 3]]))]),
        ]
    }()
}
