import CHDF5

/// An HDF5 file (`H5Fcreate`, `H5Fopen`). Its root group is `root`.
public final class File: Sendable {
    let handle: Handle
    public let path: String

    private init(handle: Handle, path: String) {
        self.handle = handle
        self.path = path
    }

    /// Creates or truncates a file for writing, set up to be byte-reproducible: fixed
    /// format bounds (`H5Pset_libver_bounds`, 1.8 format) and no object timestamps
    /// (`H5Pset_obj_track_times` on every group and dataset this module creates).
    public static func create(_ path: String) throws(HDF5Error) -> File {
        let access = try PropertyList(chdf5_p_file_access(), for: path)
        _ = try hdf5("H5Pset_libver_bounds", path) { H5Pset_libver_bounds(access.id, H5F_LIBVER_V18, H5F_LIBVER_V18) }
        // The root group is created with the file, so its creation list carries the no-times setting.
        let creation = try PropertyList.untimed(chdf5_p_file_create(), for: path)
        let id = try hdf5("H5Fcreate", path) { H5Fcreate(path, chdf5_f_acc_trunc(), creation.id, access.id) }
        return File(handle: Handle(id, close: H5Fclose), path: path)
    }

    /// Opens an existing file read-only.
    public static func open(_ path: String) throws(HDF5Error) -> File {
        let id = try hdf5("H5Fopen", path) { H5Fopen(path, chdf5_f_acc_rdonly(), chdf5_p_default()) }
        return File(handle: Handle(id, close: H5Fclose), path: path)
    }

    /// True when the file starts with the HDF5 signature (`H5Fis_hdf5`).
    public static func isHDF5(_ path: String) -> Bool {
        hdf5Unchecked { H5Fis_hdf5(path) } > 0
    }

    public var root: Group { Group(handle: handle, path: "/", file: self) }

    /// Flushes everything written so far to disk (`H5Fflush`).
    public func flush() throws(HDF5Error) {
        _ = try hdf5("H5Fflush", path) { H5Fflush(handle.id, H5F_SCOPE_GLOBAL) }
    }
}

/// A property list (`H5Pcreate`), closed with `H5Pclose`.
struct PropertyList {
    let handle: Handle
    var id: hid_t { handle.id }

    init(_ propertyClass: hid_t, for subject: String) throws(HDF5Error) {
        let id = try hdf5("H5Pcreate", subject) { H5Pcreate(propertyClass) }
        handle = Handle(id, close: H5Pclose)
    }

    /// A group or dataset creation list that records no access/modification times.
    static func untimed(_ propertyClass: hid_t, for subject: String) throws(HDF5Error) -> PropertyList {
        let list = try PropertyList(propertyClass, for: subject)
        _ = try hdf5("H5Pset_obj_track_times", subject) { H5Pset_obj_track_times(list.id, false) }
        return list
    }
}
