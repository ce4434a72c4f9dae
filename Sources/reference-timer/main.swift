import ArrayFile
import Foundation
import NormalizationReference

// reference-timer DATA.npy AXIS RUNS [adapt|call|both]
//
// Times the reference's adapt and call on DATA (AXIS: an integer, or "none"), the best of
// RUNS runs each, and prints one line per operation: `adapt SECONDS` / `call SECONDS`.
// tools/benchmark runs it beside numpy on the same file. call runs on a layer adapted once
// (outside the timing); "call" alone skips nothing else, so `/usr/bin/time -v` on it
// measures call's memory: the data, the statistics, one output.

let arguments = CommandLine.arguments
guard arguments.count >= 4, let runs = Int(arguments[3]), runs > 0 else {
    FileHandle.standardError.write(Data("usage: reference-timer DATA.npy AXIS|none RUNS [adapt|call|both]\n".utf8))
    exit(2)
}
let axis: AxisArgument
if arguments[2] == "none" {
    axis = .none
} else if let index = Int(arguments[2]) {
    axis = .index(index)
} else {
    FileHandle.standardError.write(Data("reference-timer: AXIS must be an integer or none\n".utf8))
    exit(2)
}
let which = arguments.count > 4 ? arguments[4] : "both"

let data: NDArray
do {
    let read = try NPY.read(arguments[1], limit: NDArray.maximumElementCount)
    data = NDArray(shape: read.shape, scalars: read.values)
} catch {
    FileHandle.standardError.write(Data("reference-timer: \(error)\n".utf8))
    exit(3)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
    var layer = try Normalization(axis: axis)
    if which != "call" {
        var best = Double.infinity
        for _ in 0..<runs { best = min(best, try seconds { try layer.adapt(data) }) }
        print("adapt \(best)")
    } else {
        try layer.adapt(data)
    }
    if which != "adapt" {
        var best = Double.infinity
        var checksum = 0.0
        for _ in 0..<runs {
            best = min(best, try seconds {
                let output = try layer.call(data)
                checksum += output.scalars[output.count / 2]  // keeps the call from being optimised away
            })
        }
        print("call \(best)")
        if checksum.isNaN { FileHandle.standardError.write(Data("(checksum NaN)\n".utf8)) }
    }
} catch {
    FileHandle.standardError.write(Data("reference-timer: the layer raised \(error)\n".utf8))
    exit(1)
}
