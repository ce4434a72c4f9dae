import Corpus
import ArgumentParser
import CaseCatalog
import CorpusFile
import Foundation

/// `normconf generate [--check]`: writes the corpus and its manifest from the catalog;
/// `--random` writes a corpus of random cases for differential fuzzing instead.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Vectors/normalization.h5 and its manifest from the case catalog.",
        discussion: """
            Runs every catalog case on the reference and writes the corpus and a one-line-per-case \
            manifest beside it. Files are written to a temporary name and renamed into place, so a \
            failed run leaves the committed corpus untouched. With --check nothing is written: the \
            corpus is regenerated in a temporary folder and compared byte for byte (exit 1 naming \
            the differing cases if they differ). With --random --seed S --count N --output DIR, \
            N random cases (every axis form, ranks 0-4, build, supplied and adapted statistics, \
            batches, invert, epsilon, special values, input dtypes and policies) are written to DIR \
            instead, each one's outcome decided by the reference; tools/keras-conformance --corpus \
            runs them like the committed corpus.
            """
    )

    @Option(help: "The folder to write normalization.h5 and normalization.manifest.txt into (default: the package's Vectors folder, \(BundledCorpus.folder)).")
    var output: String = BundledCorpus.folder

    @Flag(help: "Regenerate elsewhere and fail unless the committed files are byte-identical.")
    var check = false

    @Flag(help: "Write random cases for differential fuzzing instead of the catalog (needs --output, --seed and --count).")
    var random = false

    @Option(help: "With --random: the seed; the same seed and count give the same corpus, byte for byte.")
    var seed: UInt64?

    @Option(help: "With --random: how many cases (ids random.SEED.00000 ...).")
    var count: Int?

    static let corpusName = BundledCorpus.fileName
    static let manifestName = "normalization.manifest.txt"

    func validate() throws {
        guard random else {
            if seed != nil || count != nil { throw ValidationError("--seed and --count apply to --random only.") }
            return
        }
        if check { throw ValidationError("--check compares the catalog with the committed corpus; it does not take --random.") }
        guard seed != nil, let count else { throw ValidationError("--random needs --seed and --count.") }
        guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be between 1 and 1000000. Received: \(count)") }
        // A random corpus never replaces the committed one.
        let folder = URL(fileURLWithPath: output).standardizedFileURL.path
        if folder == URL(fileURLWithPath: BundledCorpus.folder).standardizedFileURL.path {
            throw ValidationError("--random needs an --output folder other than the committed corpus's (\(BundledCorpus.folder)).")
        }
    }

    func run() throws {
        let corpus: CorpusDocument
        do {
            let cases = try random ? RandomCases.cases(seed: seed!, count: count!) : CorpusGenerator.cases()
            let generator = random ? "\(CorpusGenerator.name) --random --seed \(seed!) --count \(count!)" : CorpusGenerator.name
            corpus = CorpusDocument(spec: CorpusGenerator.spec, epsilon: CorpusGenerator.defaultEpsilon, generator: generator, cases: cases)
        } catch {
            throw CommandFailure.inconsistentCatalog("\(error)")
        }
        if check {
            try compareWithCommitted(corpus)
        } else {
            try write(corpus, into: output)
            print("wrote \(corpus.cases.count) cases to \(output)/\(Self.corpusName) and \(output)/\(Self.manifestName)")
        }
    }

    /// Writes both files under temporary names in `folder`, then renames them into place.
    private func write(_ corpus: CorpusDocument, into folder: String) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.cannotWrite(path: folder, reason: error.localizedDescription)
        }
        let suffix = ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let corpusPath = "\(folder)/\(Self.corpusName)", manifestPath = "\(folder)/\(Self.manifestName)"
        let temporaryCorpus = corpusPath + suffix, temporaryManifest = manifestPath + suffix
        defer {
            try? manager.removeItem(atPath: temporaryCorpus)
            try? manager.removeItem(atPath: temporaryManifest)
        }
        do {
            try CorpusWriter.write(corpus, to: temporaryCorpus)
            try Manifest.text(for: corpus).write(toFile: temporaryManifest, atomically: false, encoding: .utf8)
            // rename(2) replaces the target atomically: readers see the old file or the new one.
            for (from, to) in [(temporaryCorpus, corpusPath), (temporaryManifest, manifestPath)] where rename(from, to) != 0 {
                throw CommandFailure.regenerationFailed(folder: folder, reason: "cannot rename \(from) to \(to): \(String(cString: strerror(errno)))")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.regenerationFailed(folder: folder, reason: "\(error)")
        }
    }

    private func compareWithCommitted(_ corpus: CorpusDocument) throws {
        let scratch = NSTemporaryDirectory() + "normconf-check-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try write(corpus, into: scratch)
        var problems: [String] = []
        for name in [Self.corpusName, Self.manifestName] {
            let committed = FileManager.default.contents(atPath: "\(output)/\(name)")
            let fresh = FileManager.default.contents(atPath: "\(scratch)/\(name)")
            if committed == nil { problems.append("\(output)/\(name) is missing") }
            else if committed != fresh { problems.append("\(output)/\(name) differs from a fresh generation") }
        }
        guard !problems.isEmpty else {
            print("generate --check: \(output)/\(Self.corpusName) and its manifest match a fresh generation (\(corpus.cases.count) cases)")
            return
        }
        let committedLines = Manifest.lines(of: (try? String(contentsOfFile: "\(output)/\(Self.manifestName)", encoding: .utf8)) ?? "")
        let freshLines = Manifest.lines(of: Manifest.text(for: corpus))
        let changed = Set(committedLines.keys).union(freshLines.keys).filter { committedLines[$0] != freshLines[$0] }.sorted()
        var message = problems.joined(separator: "; ")
        message += changed.isEmpty
            ? ". No case's content changed (the bytes differ in HDF5 layout only)."
            : ". Cases that differ: " + changed.joined(separator: ", ") + "."
        message += " Run `swift run normconf generate` and review the manifest diff."
        throw CommandFailure.notRegenerated(message)
    }
}
