// The `normconf run --exec` route: read the corpus, run every case on the layer, write a
// results file; normconf judges it.
//
//     swift build -c release --product float32-layer-results
//     normconf run --exec '.build/release/float32-layer-results {corpus} {results}'
import Float32Layer
import Normconf

import Foundation

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("float32-layer-results: \(message)\n".utf8))
    exit(status)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: float32-layer-results CORPUS RESULTS", status: 2) }
do {
    let suite = try ConformanceSuite(corpus: arguments[1])
    let results = suite.run(Float32Implementation())
    try ResultsFile.write(results, to: arguments[2], storing: .float32)
    print("float32-layer-results: \(results.cases.count) cases -> \(arguments[2])")
} catch {
    fail("\(error)", status: 3)
}
