import CHDF5
import Foundation

/// A failed HDF5 call: the C function that failed, what it was doing, and HDF5's own error
/// stack as text (innermost first), so a reader sees exactly what the library said.
public struct HDF5Error: Error, Sendable, CustomStringConvertible {
    /// The C function that returned failure, e.g. `H5Fopen`.
    public let function: String
    /// What the call was for, e.g. the file or object name.
    public let subject: String
    /// HDF5's messages, e.g. `H5Fopen(): unable to open file: file signature not found`.
    public let stack: [String]

    public var description: String {
        let detail = stack.last ?? "failed with no message on HDF5's error stack"
        return "\(function) failed on \(subject): \(detail)"
    }
}

/// Every HDF5 call goes through this lock: Debian's libhdf5 is built without thread safety.
private let libraryLock = NSLock()

/// Silences HDF5's automatic printing of its error stack, once, before the first call.
private let silenced: Void = {
    _ = H5Eset_auto2(chdf5_e_default(), nil, nil)
}()

/// Runs one HDF5 call under the library lock; `failed` decides from its return value
/// whether it failed, in which case HDF5's error stack becomes an `HDF5Error`.
func hdf5<T>(_ function: String, _ subject: @autoclosure () -> String, failed: (T) -> Bool, _ call: () -> T) throws(HDF5Error) -> T {
    let result: Result<T, HDF5Error> = libraryLock.withLock {
        _ = silenced
        _ = H5Eclear2(chdf5_e_default())
        let value = call()
        guard failed(value) else { return .success(value) }
        let stack = errorStack()
        _ = H5Eclear2(chdf5_e_default())
        return .failure(HDF5Error(function: function, subject: subject(), stack: stack))
    }
    return try result.get()
}

/// The common case: a call returning an id or a status, negative on failure.
func hdf5<T: BinaryInteger>(_ function: String, _ subject: @autoclosure () -> String, _ call: () -> T) throws(HDF5Error) -> T {
    try hdf5(function, subject(), failed: { $0 < 0 }, call)
}

/// Runs work that needs no error check (closing, queries that cannot fail) under the lock.
func hdf5Unchecked<T>(_ call: () -> T) -> T {
    libraryLock.withLock {
        _ = silenced
        return call()
    }
}

/// HDF5's current error stack as lines "function(): description: minor message".
private func errorStack() -> [String] {
    var lines: [String] = []
    _ = withUnsafeMutablePointer(to: &lines) { pointer in
        H5Ewalk2(chdf5_e_default(), H5E_WALK_UPWARD, { _, entry, context in
            guard let entry = entry?.pointee, let context else { return 0 }
            let function = entry.func_name.map { String(cString: $0) } ?? "?"
            let description = entry.desc.map { String(cString: $0) } ?? ""
            var buffer = [CChar](repeating: 0, count: 256)
            var kind = H5E_MINOR
            let minor = H5Eget_msg(entry.min_num, &kind, &buffer, buffer.count) > 0
                ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
            let text = [description, minor].filter { !$0.isEmpty }.joined(separator: ": ")
            context.assumingMemoryBound(to: [String].self).pointee.append("\(function)(): \(text)")
            return 0
        }, pointer)
    }
    return lines
}
