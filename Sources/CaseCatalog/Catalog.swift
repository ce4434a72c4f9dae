/// The catalog of golden cases, one file per theme. Each entry states its id, one sentence,
/// its clause ids, tags and level; the generator adds the expected values.
enum Catalog {
    static var all: [CaseSpec] {
        documentationExamples + axisCases + broadcastCases + invertCases + adaptCases + batchCases
            + errorCases + specialValueCases + epsilonCases + numericsCases + policyCases
    }
}
