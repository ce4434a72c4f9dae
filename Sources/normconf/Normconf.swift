import ArgumentParser

@main
struct Normconf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normconf",
        abstract: "Conformance suite for keras.layers.Normalization.",
        discussion: """
            Exit codes: 0 success (every case conforms), 1 conformance failures, \
            2 usage errors, 3 unreadable or invalid input files or a failed implementation command.
            """,
        version: "0.1.0",
        subcommands: [Run.self, Check.self, Report.self, List.self, Show.self, Codes.self, Lint.self, Generate.self, Eval.self, ReadResults.self, ReadCorpus.self]
    )
}
