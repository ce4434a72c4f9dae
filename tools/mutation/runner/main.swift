// mutation-runner: judges mutants of the reference against the corpus, bit-exactly.
//
//     mutation-runner CORPUS ID...
//
// For each mutant id (0 is the reference itself) it prints `start ID`, then `end ID killed
// CASE OUTCOME DETAIL` at the first case that does not conform, or `end ID survived`. The
// judge is exact: the goldens are the reference's own output, so any changed bit is a
// behaviour change; an error raised earlier than Keras raises it fails too (strict stages).
// A crash or a hang ends the process between `start` and `end`; tools/mutate, which runs
// this, records it and starts a new runner for the remaining ids.
import Foundation
import MutatedReference
import Normconf

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, case let ids = arguments.dropFirst(2).compactMap({ Int($0) }), ids.count == arguments.count - 2 else {
    FileHandle.standardError.write(Data("usage: mutation-runner CORPUS ID...\n".utf8))
    exit(2)
}
let suite: ConformanceSuite
do {
    suite = try ConformanceSuite(corpus: arguments[1])
} catch {
    FileHandle.standardError.write(Data("mutation-runner: \(error)\n".utf8))
    exit(3)
}
// The case timeout is the driver's: it kills this process, so no abandoned thread goes on
// running a mutant while the next one is judged.
let options = JudgeOptions(tolerance: .exact(for: .float64), includeInexact: true, strictStages: true, caseTimeout: 1e9)
let implementation = MutatedImplementation()

/// One case at a time, so that a mutant stops at its first non-conforming case.
func glob(_ id: String) -> String {
    id.map { "*?[\\".contains($0) ? "[\($0)]" : String($0) }.joined()
}
let selections = suite.corpus.cases.map { ($0.id, Selection(idGlob: glob($0.id))) }

for id in ids {
    __mutation.active = id
    say("start \(id)")
    var killer: CaseVerdict?
    for (_, selection) in selections {
        let verdict = suite.judge(implementation, selection: selection, options: options).report.verdicts[0]
        if !verdict.conforms {
            killer = verdict
            break
        }
    }
    if let killer {
        let detail = killer.detail.replacingOccurrences(of: "\n", with: " ")
        say("end \(id) killed \(killer.id) \(killer.outcome.rawValue) \(detail)")
    } else {
        say("end \(id) survived")
    }
}
