import Foundation
import HDF5

/// Opens a corpus or results file after the checks that give a clear message instead of
/// HDF5's: it exists, is not empty, has the HDF5 signature, and carries the expected
/// `format` and a supported `format_version`.
func openFormatFile(_ path: String, format expected: String) throws(CorpusFileError) -> (File, Group) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
        throw .missing(file: path)
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > 0 else { throw .empty(file: path) }
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
