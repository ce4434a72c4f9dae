import ArgumentParser
import CorpusFile
import Foundation

/// `normconf lint FILE`: every format problem of a corpus or results file, with its path.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a corpus or results file against CORPUS-FORMAT.md and list every problem.",
        discussion: "Exit 0 when the file is well formed, 1 when it has problems, 3 when it cannot be read at all."
    )

    @Argument(help: "A corpus or results file.")
    var file: String

    func run() throws {
        // The whole walk happens in a child: a file that crashes libhdf5 ends the child.
        if !Isolated.inChild {
            let child = try Isolated.run(["lint", file], about: file)
            print(child.stdout, terminator: "")
            FileHandle.standardError.write(Data(child.stderr.utf8))
            if child.status == 1 { throw CommandFailure.reportedFailures }
            if child.status != 0 { throw CommandFailure.reportedBadInput }
            return
        }
        var (kind, problems) = CorpusFile.Lint.check(file)
        guard let kind else {
            // The file could not be opened as either kind; the message names it already.
            for problem in problems { print(problem.message.hasPrefix(file) ? problem.message : "\(file): \(problem.message)") }
            throw CommandFailure.reportedBadInput
        }
        // A corpus is also checked against the manifest beside it, as run and check do.
        if kind == "corpus", let manifest = FileManager.default.contents(atPath: Manifest.path(besideCorpus: file)),
           let corpus = try? CorpusReader.read(file) {
            for id in Manifest.alteredCases(corpus, manifest: String(decoding: manifest, as: UTF8.self)) {
                problems.append(CorpusFile.Lint.Problem(path: "/cases/\(id)", message: "differs from \(Manifest.path(besideCorpus: file)): the case was altered"))
            }
        }
        for problem in problems { print("\(file): \(problem)") }
        print(problems.isEmpty ? "\(file): a well-formed \(kind) file" : "\(file): \(problems.count) problem(s) in this \(kind) file")
        if !problems.isEmpty { throw CommandFailure.reportedFailures }
    }
}
