import Corpus
import ArgumentParser
import CorpusFile
import Normconf

/// `--corpus PATH`, shared by the commands that read the corpus. The default is the corpus
/// committed with normconf, found from any working directory.
struct CorpusOptions: ParsableArguments {
    @Option(name: .long, help: "The corpus file (default: the corpus committed with normconf, \(BundledCorpus.path)).")
    var corpus: String = BundledCorpus.path

    /// Reads the corpus, turning any problem into exit code 3 with the reader's message.
    func load() throws -> CorpusDocument {
        try failing { () throws(CorpusFileError) in try CorpusReader.read(corpus) }
    }

    /// The corpus ready to judge against, with its digest.
    func suite() throws -> ConformanceSuite {
        try failing { () throws(CorpusFileError) in try ConformanceSuite(corpus: corpus) }
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
