import Corpus
import ArgumentParser
import Foundation
import CorpusFile
import Normconf

/// `--corpus PATH`, shared by the commands that read the corpus. The default is the corpus
/// committed with normconf, found from any working directory.
struct CorpusOptions: ParsableArguments {
    @Option(name: .long, help: "The corpus file (default: the corpus committed with normconf, \(BundledCorpus.path)).")
    var corpus: String = BundledCorpus.path

    @Flag(help: "Accept a corpus whose cases differ from the manifest beside it (a corpus you edited on purpose).")
    var allowModifiedCorpus = false

    /// Reads the corpus — first in a child, so that a corrupted file cannot crash this
    /// process — turning any problem into exit code 3 with the reader's message.
    func load() throws -> CorpusDocument {
        try Isolated.probeCorpus(corpus)
        let document = try failing { () throws(CorpusFileError) in try CorpusReader.read(corpus) }
        try verify(document)
        return document
    }

    /// The corpus ready to judge against, with its digest (read and verified as `load` does).
    func suite() throws -> ConformanceSuite {
        try Isolated.probeCorpus(corpus)
        let suite = try failing { () throws(CorpusFileError) in try ConformanceSuite(corpus: corpus) }
        try verify(suite.corpus)
        return suite
    }

    /// Refuses a corpus whose cases differ from the manifest the generator wrote beside it,
    /// naming them, unless --allow-modified-corpus. A corpus without a manifest is not
    /// verified (a corpus of one's own).
    private func verify(_ document: CorpusDocument) throws {
        guard !allowModifiedCorpus, let data = FileManager.default.contents(atPath: Manifest.path(besideCorpus: corpus)) else { return }
        let altered = Manifest.alteredCases(document, manifest: String(decoding: data, as: UTF8.self))
        guard altered.isEmpty else {
            let named = altered.prefix(8).joined(separator: ", ") + (altered.count > 8 ? " and \(altered.count - 8) more" : "")
            throw CommandFailure.unusableFile("\(corpus): \(altered.count) case(s) differ from \(Manifest.path(besideCorpus: corpus)): \(named); "
                                              + "the corpus was altered (pass --allow-modified-corpus to judge against it anyway)")
        }
    }

    private func failing<T>(_ read: () throws(CorpusFileError) -> T) throws -> T {
        do {
            return try read()
        } catch {
            // The bundled corpus is missing only when the sources normconf was built from moved.
            let hint = corpus == BundledCorpus.path ? " (the corpus committed with normconf; pass --corpus to choose one)" : ""
            throw CommandFailure.unusableFile("\(error)\(hint)")
        }
    }
}
