import HDF5

/// Why a corpus or results file could not be read or written: one case per problem, each naming the
/// file and, where it applies, the object inside it.
public enum CorpusFileError: Error, Sendable, CustomStringConvertible {
    case missing(file: String)
    case notARegularFile(file: String, kind: String)
    case empty(file: String)
    case notHDF5(file: String)
    case wrongFormat(file: String, expected: String, found: String)
    case unsupportedVersion(file: String, version: String)
    case missingAttribute(file: String, object: String, name: String)
    case missingDataset(file: String, object: String, name: String)
    case invalid(file: String, object: String, reason: String)
    case hdf5(file: String, HDF5Error)
    case cannotWrite(file: String, HDF5Error)

    public var description: String {
        switch self {
        case .missing(let file): "\(file): no such file"
        case .notARegularFile(let file, let kind): "\(file): not a regular file but \(kind)"
        case .empty(let file): "\(file): the file is empty"
        case .notHDF5(let file): "\(file): not an HDF5 file (no HDF5 signature)"
        case .wrongFormat(let file, let expected, let found):
            "\(file): attribute 'format' is \"\(found)\", expected \"\(expected)\""
        case .unsupportedVersion(let file, let version):
            "\(file): format_version \"\(version)\" has an unknown major version (this reader knows 1.x)"
        case .missingAttribute(let file, let object, let name): "\(file): \(object) has no attribute '\(name)'"
        case .missingDataset(let file, let object, let name): "\(file): \(object) has no dataset '\(name)'"
        case .invalid(let file, let object, let reason): "\(file): \(object): \(reason)"
        case .hdf5(let file, let error): "\(file): HDF5 cannot read it: \(error)"
        case .cannotWrite(let file, let error): "\(file): cannot write it: \(error)"
        }
    }
}
