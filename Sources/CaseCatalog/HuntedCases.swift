import Corpus
import NormalizationReference

/// Random cases kept in the corpus because each kills mutants of the reference that no
/// written case kills: `tools/mutate --corpus` on a random corpus names the first case that
/// kills each survivor (tools/mutation/README.md, "Hunting"). Each keeps its random script —
/// the case `INDEX` of `normconf generate --random --seed SEED` — under the id
/// `hunted.SEED-INDEX`, and the reference decides where it ends, as for any random case.
extension Catalog {
    static let huntedCases: [CaseSpec] = [
        (11, 7, "the plain IEEE path of invert (mean + x * s with a non-finite operand)"),
        (11, 10, "non-finite values in an exact sum, and a non-finite mean's quotient"),
        (11, 24, "supplied statistics of rank 1 placed on a kept axis of a rank-3 input"),
        (11, 51, "float16 statistics stored from exact moments that fall on float16 ties"),
        (11, 123, "the sign of a float16 result that underflows to zero"),
        (11, 161, "epsilon 0 with zero variance on an empty input"),
        (11, 162, "epsilon 0 under bfloat16 with uint8 data"),
        (11, 174, "invert on the plain path with a zero tail"),
        (11, 197, "a bfloat16 identity on an empty input"),
        (11, 325, "invert under float16 with a non-finite input"),
        (11, 351, "a 0-d adapt broadcast against a missing leading dimension"),
        (11, 365, "the largest float16 value under mixed_float16"),
        (11, 401, "statistics that broadcast two ways but not one way"),
        (11, 601, "the largest bfloat16 exponent"),
        (11, 933, "the bfloat16 exponent range under mixed_bfloat16"),
    ].map { seed, index, reason in
        var spec = RandomCases.spec(seed: UInt64(seed), index: index)
        spec.id = "hunted.\(seed)-\(index)"
        spec.description = "kept to pin \(reason); " + spec.description
        spec.tags.append("hunted")
        return spec
    }
}
