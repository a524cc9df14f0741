import DropFolder
import Foundation
import TestSupport
import Testing

@Test func theCountingFileSystemCountsEachOperationAndStillDoesIt() throws {
    let folder = try TemporaryFolder()
    let fileSystem = CountingFileSystem(counting: LocalFileSystem())
    try fileSystem.createDirectory(folder.path + "/outbox")
    try fileSystem.writeNewFile(Array("request".utf8), to: folder.path + "/job.json", permissions: 0o644)
    try fileSystem.replaceFile(Array("journal 1".utf8), at: folder.path + "/job.state.json", durable: false)
    try fileSystem.replaceFile(Array("journal 2".utf8), at: folder.path + "/job.state.json", durable: true)
    try fileSystem.append(Array("text".utf8), to: folder.path + "/job.stream.txt")
    try fileSystem.writeFile(Array("record".utf8), to: folder.path + "/job.response.json", permissions: 0o600)
    #expect(throws: FileSystemError.self) {
        try fileSystem.writeFile(Array("again".utf8), to: folder.path + "/job.response.json", permissions: 0o600)
    }
    try fileSystem.synchronize(folder.path)
    _ = try fileSystem.attributes(of: folder.path + "/job.json")
    _ = try fileSystem.readFile(folder.path + "/job.json", limit: 100)
    try fileSystem.moveWithoutReplacing(from: folder.path + "/job.json", to: folder.path + "/outbox/job.json")
    #expect(throws: FileSystemError.self) {
        try fileSystem.moveWithoutReplacing(from: folder.path + "/job.json", to: folder.path + "/outbox/again.json")
    }
    try fileSystem.removeFile(folder.path + "/job.state.json")
    _ = try fileSystem.namesInDirectory(folder.path)

    #expect(folder.names(in: "outbox") == ["job.json"])
    #expect(try folder.read("job.stream.txt") == "text")
    var expected = CountingFileSystem.Counts()
    expected.listings = 1
    expected.attributes = 1
    expected.reads = 1
    expected.newFiles = 1
    expected.filesWritten = 2
    expected.synchronizations = 1
    expected.replacedFiles = 2
    expected.durableReplacements = 1
    expected.moves = 2
    expected.appends = 1
    expected.removedFiles = 1
    expected.createdDirectories = 1
    #expect(fileSystem.counts == expected)
    #expect(fileSystem.counts.line.hasPrefix("1 listings, 1 stats, 1 reads, 1 new files, 2 written in place, 1 flushes, 2 replaced (1 durably), 2 moves"))
    // Written in place keeps what the first write left (never replaced) and the bits asked for.
    #expect(try folder.read("job.response.json") == "record")
    let mode = try FileManager.default.attributesOfItem(atPath: folder.path + "/job.response.json")[.posixPermissions] as? Int
    #expect(mode == 0o600)
}
