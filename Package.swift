// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "CozeDrop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coze-drop", targets: ["coze-drop"]),
        .library(name: "DropFolder", targets: ["DropFolder"]),
        .library(name: "WorkflowJobs", targets: ["WorkflowJobs"]),
        .library(name: "CozeAPI", targets: ["CozeAPI"]),
        .library(name: "CozeSimulator", targets: ["CozeSimulator"]),
        .library(name: "Notifications", targets: ["Notifications"]),
        .library(name: "Ledger", targets: ["Ledger"]),
    ],
    targets: [
        .target(name: "OrderedJSON"),
        // Big-number arithmetic is 8× slower unoptimised: a 4096-bit signature took 100 ms in debug
        // builds, enough to starve the tests' cooperative pool. Optimised in every configuration.
        .target(name: "CozeCrypto", swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "CozeAPI", dependencies: ["OrderedJSON", "CozeCrypto"]),
        .target(name: "WorkflowJobs", dependencies: ["CozeAPI", "OrderedJSON"]),
        .target(name: "DropFolder", dependencies: ["HotFolders", "Spreadsheets", "WorkflowJobs", "CozeAPI", "OrderedJSON", "Notifications", "Ledger"]),
        .target(name: "CozeSimulator", dependencies: ["OrderedJSON", "CozeCrypto"]),
        .target(name: "Notifications", dependencies: ["CozeAPI", "CozeCrypto", "OrderedJSON"]),
        // DEFLATE, ZIP and XML work byte by byte: optimised in every configuration, as CozeCrypto is.
        .target(name: "Spreadsheets", dependencies: ["OrderedJSON"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "HotFolders", dependencies: ["Spreadsheets", "WorkflowJobs", "CozeAPI", "OrderedJSON", "Notifications"]),
        // Issue 14: the token ledger, retry and retention decisions (pure, plus the ledger's one writer).
        .target(name: "Ledger", dependencies: ["Spreadsheets", "WorkflowJobs", "OrderedJSON"]),
        .target(name: "CozeDropCLI", dependencies: ["DropFolder", "HotFolders", "Notifications", "Ledger", "WorkflowJobs", "CozeAPI", "CozeCrypto", "CozeSimulator"]),
        .executableTarget(name: "coze-drop", dependencies: ["CozeDropCLI"]),
        .target(name: "TestSupport", dependencies: ["CozeAPI", "WorkflowJobs", "DropFolder"], path: "Tests/TestSupport"),
        .testTarget(name: "OrderedJSONTests", dependencies: ["OrderedJSON"]),
        .testTarget(name: "CozeCryptoTests", dependencies: ["CozeCrypto", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CozeAPITests", dependencies: ["CozeAPI", "CozeCrypto", "OrderedJSON", "TestSupport"]),
        .testTarget(name: "WorkflowJobsTests", dependencies: ["WorkflowJobs", "CozeAPI", "OrderedJSON", "TestSupport"]),
        .testTarget(name: "DropFolderTests", dependencies: ["DropFolder", "WorkflowJobs", "CozeAPI", "OrderedJSON", "Ledger", "Notifications", "TestSupport"]),
        .testTarget(name: "HotFoldersTests", dependencies: ["HotFolders", "Spreadsheets", "WorkflowJobs", "CozeAPI", "OrderedJSON", "Notifications", "TestSupport"]),
        .testTarget(name: "SpreadsheetsTests", dependencies: ["Spreadsheets", "OrderedJSON", "TestSupport"], exclude: ["Fixtures", "Python"]),
        .testTarget(name: "CozeSimulatorTests", dependencies: ["CozeSimulator", "CozeAPI", "CozeCrypto", "OrderedJSON", "TestSupport"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "Spreadsheets", "WorkflowJobs", "OrderedJSON", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NotificationsTests", dependencies: ["Notifications", "CozeAPI", "CozeCrypto", "OrderedJSON", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CozeDropCLI", "DropFolder", "WorkflowJobs", "CozeAPI", "CozeCrypto", "CozeSimulator", "Notifications", "Ledger", "Spreadsheets", "HotFolders", "OrderedJSON", "TestSupport", "coze-drop"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
