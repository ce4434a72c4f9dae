import ArgumentParser
import Corpus
import CorpusFile
import Harness

/// `normconf list`: the corpus's cases, one line each.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the golden cases: id, level, dtype policy, tags and description.")

    @OptionGroup var corpusOptions: CorpusOptions

    @OptionGroup var selectionOptions: SelectionOptions

    func run() throws {
        let corpus = try corpusOptions.load()
        let chosen = corpus.cases.filter(selectionOptions.selection.includes)
        let width = chosen.map(\.id.count).max() ?? 0
        for goldenCase in chosen {
            let id = goldenCase.id + String(repeating: " ", count: width - goldenCase.id.count)
            let policy = goldenCase.dtypePolicy?.rawValue ?? "float32"
            print("\(id)  \(goldenCase.level.rawValue.padding(5))  \(policy.padding(14))  \(goldenCase.tags.joined(separator: ",").padding(28))  \(goldenCase.description)")
        }
        print("\(chosen.count) of \(corpus.cases.count) cases in \(corpusOptions.corpus)")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
