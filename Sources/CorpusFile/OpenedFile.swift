import Foundation
import HDF5

/// Opens a corpus or results file after the checks that give a clear message instead of
/// HDF5's: it exists, is not empty, has the HDF5 signature, and carries the expected
/// `format` and a supported `format_version`.
func openFormatFile(_ path: String, format expected: String) throws(CorpusFileError) -> (File, Group) {
    try checkOpenable(path)
    guard File.isHDF5(path) else { throw .notHDF5(file: path) }
    let file: File
    do { file = try File.open(path) } catch { throw .hdf5(file: path, error) }
    let root = file.root
    let format = try stringAttribute(root, Key.format, file: path)
    guard format == expected else { throw .wrongFormat(file: path, expected: expected, found: format) }
    let version = try stringAttribute(root, Key.formatVersion, file: path)
    guard FormatNames.isSupportedVersion(version) else { throw .unsupportedVersion(file: path, version: version) }
    return (file, root)
}

/// What can be said of a path before HDF5 opens it: it exists, is a regular file (HDF5
/// would block on a FIFO) and is not empty.
func checkOpenable(_ path: String) throws(CorpusFileError) {
    var status = stat()
    guard stat(path, &status) == 0 else { throw .missing(file: path) }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw .notARegularFile(file: path, kind: "a directory")
    case S_IFIFO: throw .notARegularFile(file: path, kind: "a FIFO")
    case S_IFSOCK: throw .notARegularFile(file: path, kind: "a socket")
    default: throw .notARegularFile(file: path, kind: "a device")
    }
    guard status.st_size > 0 else { throw .empty(file: path) }
}

/// A required string attribute, with the error naming the file and object.
func stringAttribute(_ group: Group, _ name: String, file: String) throws(CorpusFileError) -> String {
    do {
        guard try group.hasAttribute(name) else { throw CorpusFileError.missingAttribute(file: file, object: group.path, name: name) }
        guard try group.attributeKind(name) == .string else {
            throw CorpusFileError.invalid(file: file, object: group.path, reason: "attribute '\(name)' is not a string")
        }
        return try group.stringAttribute(name)
    } catch let error as CorpusFileError {
        throw error
    } catch let error as HDF5Error {
        throw .hdf5(file: file, error)
    } catch {
        preconditionFailure("unexpected \(error)")
    }
}

/// Wraps HDF5 calls so that their errors name the file.
func reading<T>(_ file: String, _ body: () throws -> T) throws(CorpusFileError) -> T {
    do {
        return try body()
    } catch let error as HDF5Error {
        throw .hdf5(file: file, error)
    } catch let error as CorpusFileError {
        throw error
    } catch {
        throw .invalid(file: file, object: "/", reason: "\(error)")
    }
}
