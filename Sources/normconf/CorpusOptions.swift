import ArgumentParser
import CorpusFile

/// `--corpus PATH`, shared by the commands that read the corpus.
struct CorpusOptions: ParsableArguments {
    static let defaultPath = "Vectors/normalization.h5"

    @Option(name: .long, help: "The corpus file (default \(CorpusOptions.defaultPath), relative to the current directory).")
    var corpus: String = CorpusOptions.defaultPath

    /// Reads the corpus, turning any problem into exit code 3 with the reader's message.
    func load() throws -> CorpusDocument {
        do {
            return try CorpusReader.read(corpus)
        } catch {
            throw CommandFailure(status: ExitStatus.badInput, message: "\(error)")
        }
    }
}
