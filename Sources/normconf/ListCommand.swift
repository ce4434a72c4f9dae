import ArgumentParser
import Corpus
import CorpusFile
import Harness

/// `normconf list`: the corpus's cases, one line each.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the golden cases: id, level, tags and description.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Only ids matching this glob, e.g. 'axis.*'.")
    var filter: String?

    @Option(help: "Only cases with one of these tags (comma-separated).")
    var tags: String?

    @Option(help: "Only cases of this level: doc or keras.")
    var level: String?

    func validate() throws {
        if let level, GoldenCase.Level(rawValue: level) == nil { throw ValidationError("--level must be doc or keras, got '\(level)'") }
    }

    func run() throws {
        let corpus = try corpusOptions.load()
        let selection = Selection(idGlob: filter, tags: tags?.split(separator: ",").map(String.init) ?? [],
                                  level: level.flatMap(GoldenCase.Level.init))
        let chosen = corpus.cases.filter(selection.includes)
        let width = chosen.map(\.id.count).max() ?? 0
        for goldenCase in chosen {
            let id = goldenCase.id + String(repeating: " ", count: width - goldenCase.id.count)
            print("\(id)  \(goldenCase.level.rawValue.padding(5))  \(goldenCase.tags.joined(separator: ",").padding(28))  \(goldenCase.description)")
        }
        print("\(chosen.count) of \(corpus.cases.count) cases")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
