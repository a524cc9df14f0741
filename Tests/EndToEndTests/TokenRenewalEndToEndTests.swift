import CozeAPI
import CozeCrypto
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// An agent with an OAuth service app, against a simulator whose tokens live three seconds: async
/// polls, streams and sync runs span many renewals, and nothing fails or runs twice.
@Suite struct TokenRenewalEndToEndTests {
    let folder: TemporaryFolder
    let pair: OpenSSL.KeyPair

    init() throws {
        folder = try TemporaryFolder()
        pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "app")
    }

    @Test func anAgentWorksThroughManyTokenLifetimesWithoutAFailureOrARunStartedTwice() async throws {
        let publicKey = try RSAPublicKey(pem: try String(contentsOfFile: pair.publicSPKI, encoding: .utf8))
        let app = SimulatedAuth.OAuthApp(appID: "1158000000001", keyID: "fingerprint-1", publicKey: publicKey)
        let simulator = try CozeSimulator(auth: SimulatedAuth(tokenTTL: .seconds(3), oauth: app))
        defer { simulator.stop() }
        let key = try PrivateKeyFile.load(path: pair.pkcs8)
        let source = OAuthJWTSource(appID: app.appID, keyID: app.keyID, key: key, tokenTTL: 3600, baseURL: simulator.baseURL,
                                    transport: URLSessionTransport(maximumConnections: 1).transport)
        var names: [String] = []
        for index in 0..<12 {
            let running = 1000 + index * 700  // 1 to 8.7 s: polls on both sides of several renewals
            try folder.write(#"{"workflow_id": "1", "mode": "async", "parameters": {"n": \#(index), "_simulate": {"running_ms": \#(running)}}, "poll": {"initial_interval": 0.3, "max_interval": 0.5}}"#,
                             to: "inbox/async-\(index).json")
            names.append("async-\(index)")
        }
        for index in 0..<4 {
            try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"n": \#(index), "_simulate": {"running_ms": 3000, "ping_ms": 500}}}"#,
                             to: "inbox/stream-\(index).json")
            names.append("stream-\(index)")
        }
        for index in 0..<24 {
            try folder.write(#"{"workflow_id": "1", "parameters": {"n": \#(index), "_simulate": {"delay_ms": \#(index * 150)}}}"#, to: "inbox/sync-\(index).json")
            names.append("sync-\(index)")
        }
        let events = await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, source: source) { $0.concurrency = 6 }

        let failed = folder.names(in: "failed").filter { $0.hasSuffix(".response.json") }
        #expect(failed.isEmpty, "\(failed.first.map { (try? folder.read("failed/\($0)")) ?? "" } ?? "")")
        #expect(Set(folder.names(in: "outbox").filter { $0.hasSuffix(".response.json") }) == Set(names.map { "\($0).response.json" }))
        let statistics = simulator.statistics
        #expect(statistics.duplicateStarts == 0)
        #expect(statistics.asyncStarts == 12 && statistics.streamRuns == 4 && statistics.syncRuns == 24)
        let renewals = events.events.filter { if case .tokenRenewed = $0 { true } else { false } }.count
        #expect(renewals >= 3, "only \(renewals) tokens in the run")
        #expect(statistics.oauthTokens == renewals)
        #expect(statistics.oauthRefusals == 0)
        let retries = try names.map { name in try JSONParser().parse(try folder.read("outbox/\(name).response.json"))["retries"]?.integerValue ?? 0 }
        print("token renewals: \(names.count) jobs, \(renewals) tokens of 3 s, \(statistics.expiredTokenRefusals) calls refused for an expired token and sent again (\(retries.reduce(0, +)) retries in records), \(failed.count) failed, \(statistics.duplicateStarts) started twice")
    }

    @Test func aTokenThatExpiresUnannouncedIsRenewedAfterA4100AndTheCallSentAgain() async throws {
        // The command gives a new token each time and says nothing of expiry; Coze (here the
        // simulator) refuses each 1.5 s after its first use: only the 4100s tell the agent.
        let simulator = try CozeSimulator(auth: SimulatedAuth(tokenTTL: .milliseconds(1500)))
        defer { simulator.stop() }
        let source = TokenCommandSource(command: "echo pat_$(date +%s%N)")
        var names: [String] = []
        for index in 0..<6 {
            try folder.write(#"{"workflow_id": "1", "mode": "async", "parameters": {"n": \#(index), "_simulate": {"running_ms": \#(1000 + index * 600)}}, "poll": {"initial_interval": 0.3, "max_interval": 0.4}}"#,
                             to: "inbox/async-\(index).json")
            names.append("async-\(index)")
        }
        for index in 0..<12 {
            try folder.write(#"{"workflow_id": "1", "parameters": {"n": \#(index), "_simulate": {"delay_ms": \#(index * 250)}}}"#, to: "inbox/sync-\(index).json")
            names.append("sync-\(index)")
        }
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, source: source) { $0.concurrency = 3 }

        #expect(folder.names(in: "failed").isEmpty)
        #expect(folder.names(in: "outbox").filter { $0.hasSuffix(".response.json") }.count == names.count)
        let statistics = simulator.statistics
        #expect(statistics.duplicateStarts == 0)
        #expect(statistics.asyncStarts == 6 && statistics.syncRuns == 12)
        let retries = try names.map { name in try JSONParser().parse(try folder.read("outbox/\(name).response.json"))["retries"]?.integerValue ?? 0 }
        #expect(statistics.expiredTokenRefusals > 0)
        // Every refused call was sent again once with a new token, and each record counts its own.
        #expect(retries.reduce(0, +) == statistics.expiredTokenRefusals)
        print("unannounced expiry: \(names.count) jobs, \(statistics.expiredTokenRefusals) calls refused with 4100 and sent again, 0 failed, 0 started twice")
    }
}
