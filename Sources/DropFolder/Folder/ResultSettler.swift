import Foundation

/// Puts a finished request and its result record side by side in `outbox/` or `failed/`,
/// never overwriting anything: on a clash both get a `_YYYYMMDDHHMMSS` suffix (Beijing time),
/// then `_2`, `_3`…
public struct ResultSettler: Sendable {
    public struct Placement: Sendable, Equatable {
        /// Where the request file now is.
        public var request: String
        /// Where its result record is.
        public var record: String
    }

    let fileSystem: any FileSystem
    let wallClock: @Sendable () -> Date

    public init(fileSystem: any FileSystem, wallClock: @escaping @Sendable () -> Date) {
        self.fileSystem = fileSystem
        self.wallClock = wallClock
    }

    /// Writes `record` durably, then moves the request (byte-for-byte unchanged) next to it.
    /// - Parameters:
    ///   - requestPath: where the claimed request file is now.
    ///   - name: the request's original file name, which the result is named after.
    public func settle(requestPath: String, name: String, record: [UInt8], in folder: String, permissions: UInt16 = 0o644) throws(FileSystemError) -> Placement {
        let stem = InboxNamePolicy.stem(name)
        let ext = InboxNamePolicy.fileExtension(name).isEmpty ? ".json" : InboxNamePolicy.fileExtension(name)
        let stamp = BeijingTime.compact(wallClock())
        for attempt in 0..<10_000 {
            let candidate = switch attempt {
            case 0: stem
            case 1: "\(stem)_\(stamp)"
            default: "\(stem)_\(stamp)_\(attempt)"
            }
            let requestTarget = "\(folder)/\(candidate)\(ext)"
            let recordTarget = "\(folder)/\(candidate).response.json"
            if try fileSystem.attributes(of: requestTarget) != nil { continue }
            if try fileSystem.attributes(of: recordTarget) != nil { continue }
            do throws(FileSystemError) {
                try fileSystem.writeNewFile(record, to: recordTarget, permissions: permissions)
            } catch where error.code == .exists {
                continue
            }
            do throws(FileSystemError) {
                try fileSystem.moveWithoutReplacing(from: requestPath, to: requestTarget)
            } catch {
                try? fileSystem.removeFile(recordTarget)
                if error.code == .exists { continue }
                throw error
            }
            return Placement(request: requestTarget, record: recordTarget)
        }
        throw FileSystemError(code: .exists, path: "\(folder)/\(stem)", reason: "no free name left for this result")
    }
}
