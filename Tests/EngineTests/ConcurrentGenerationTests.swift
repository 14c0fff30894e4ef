import Foundation
import XCTest
@testable import Engine

/// Many prompts decoded at once (`generate(_:)`, `forEachConcurrently`): the same bits as one
/// prompt at a time, in the prompts' order, the first failure in order, and really concurrent.
final class ConcurrentGenerationTests: XCTestCase {
    let config = InferenceFixture.config

    /// Prompts of different lengths through every path of `generate`: stop tokens, maxTokens,
    /// a full context, no tokens, masks over the whole prompt or after it, every read-out.
    func requests(_ reference: Transformer) throws -> [GenerationRequest] {
        var rng = TestRandom(seed: 5)
        let query = HeadMask(mode: .query, heads: [.init(layer: 0, head: 1), .init(layer: 1, head: 3)])
        let official = HeadMask(mode: .query, heads: [.init(layer: 1, head: 0)], masksPrompt: false)
        let output = HeadMask(mode: .output, heads: [.init(layer: 0, head: 2)], masksPrompt: false)
        let masks: [HeadMask?] = [nil, query, official, output]
        var out: [GenerationRequest] = []
        for i in 0..<14 {
            let prompt = rng.tokens(1 + (i * 7) % 30, vocab: config.vocabSize)
            var r = GenerationRequest(prompt: prompt, maxTokens: 3 + i % 9, headMask: masks[i % 4],
                                      readout: AttentionReadout.allCases[i % 3])
            if i % 3 == 1 {
                // A stop token the prompt's own greedy path reaches after a few tokens.
                let free = try reference.generate(prompt: prompt, maxTokens: 12, headMask: r.headMask)
                r.stop = [free.tokens[min(2 + i % 4, free.tokens.count - 1)]]
                r.maxTokens = 12
            }
            out.append(r)
        }
        for i in 0..<8 {  // one length: workers sharing an arena would overwrite each other's
            out.append(GenerationRequest(prompt: rng.tokens(33, vocab: config.vocabSize), maxTokens: 10,
                                         headMask: i % 2 == 0 ? nil : official, readout: .rows))
        }
        out.append(GenerationRequest(prompt: rng.tokens(40, vocab: config.vocabSize), maxTokens: 30, readout: .rows))  // context full
        out.append(GenerationRequest(prompt: rng.tokens(5, vocab: config.vocabSize), maxTokens: 0))
        return out
    }

    func one(_ m: Transformer, _ r: GenerationRequest) throws -> Generation {
        try m.generate(prompt: r.prompt, maxTokens: r.maxTokens, stop: r.stop, headMask: r.headMask, readout: r.readout)
    }

    /// The largest difference between two generations' floats, and whether every bit agrees.
    func compare(_ a: Generation, _ b: Generation) -> (maxDifference: Float, bitwise: Bool) {
        let x = a.firstLogits + a.attentionRows.flatMap { $0.flatMap { $0 } }
        let y = b.firstLogits + b.attentionRows.flatMap { $0.flatMap { $0 } }
        guard x.count == y.count else { return (.infinity, false) }
        let difference = zip(x, y).map { abs($0 - $1) }.max() ?? 0
        let bitwise = x.map(\.bitPattern) == y.map(\.bitPattern) && a.tokens == b.tokens && a.stopReason == b.stopReason
            && a.stopToken == b.stopToken && a.attentionArgmax == b.attentionArgmax
            && a.attentionRows.map(\.count) == b.attentionRows.map(\.count)
        return (difference, bitwise)
    }

    func testManyPromptsGiveBitwiseTheOnePromptGenerations() throws {
        let reference = try InferenceFixture.model()
        reference.threads = 1
        let requests = try requests(reference)
        let alone = try requests.map { try one(reference, $0) }
        XCTAssertEqual(Set(alone.map(\.stopReason)), [.maxTokens, .stopToken, .contextFull], "every way to stop is covered")
        XCTAssertTrue(alone.contains { $0.tokens.isEmpty && $0.firstLogits.isEmpty }, "maxTokens 0 is covered")
        for threads in [1, 2, 3] {
            let m = try InferenceFixture.model()
            m.threads = threads
            let together = try m.generate(requests)
            XCTAssertEqual(together.count, requests.count)
            var largest: Float = 0
            for (i, (a, b)) in zip(alone, together).enumerated() {
                let (difference, bitwise) = compare(a, b)
                largest = max(largest, difference)
                XCTAssertTrue(bitwise, "threads \(threads), prompt \(i): not bitwise the one-prompt generation")
            }
            print("\(requests.count) prompts at once, threads \(threads): max difference \(largest) from one prompt at a time")
            XCTAssertEqual(largest, 0)
        }
    }

    func testTheFirstFailingPromptInOrderGivesTheError() throws {
        let m = try InferenceFixture.model()
        var requests = try requests(m)
        requests[3].prompt[0] = 99   // outside the vocabulary
        requests[9].maxTokens = -1
        let expected = "\(try XCTUnwrap({ () -> Error? in do { _ = try one(m, requests[3]) } catch { return error }; return nil }()))"
        for threads in [1, 2, 3] {
            m.threads = threads
            XCTAssertThrowsError(try m.generate(requests)) { XCTAssertEqual("\($0)", expected, "threads \(threads)") }
        }
    }

    /// Item 0 fails only after item 1 has failed: the error thrown is still item 0's, and
    /// nothing is delivered. A run that is not concurrent would have item 0 wait in vain.
    func testAnEarlierFailureWinsOverAnEarlierInTimeOne() throws {
        struct Numbered: Error, Equatable { let index: Int }
        let m = try InferenceFixture.model()
        let gate = Gate()
        var delivered: [Int] = []
        XCTAssertThrowsError(try m.forEachConcurrently(6, threads: 2, work: { _, i -> Int in
            if i == 0 {
                try gate.wait(for: "1 failed")
                // Time for a run that throws the first error to come to see item 1's (the
                // right one passes however long this is).
                Thread.sleep(forTimeInterval: 0.05)
            }
            if i == 1 { gate.open("1 failed") }
            throw Numbered(index: i)
        }, deliver: { i, _ in delivered.append(i) })) { XCTAssertEqual($0 as? Numbered, Numbered(index: 0)) }
        XCTAssertEqual(delivered, [])
    }

    /// Results come in index order, and an error thrown while delivering stops the run there.
    func testDeliveryIsInOrderAndADeliveryErrorStopsIt() throws {
        struct Stop: Error {}
        let m = try InferenceFixture.model()
        var delivered: [Int] = []
        XCTAssertThrowsError(try m.forEachConcurrently(40, threads: 3, work: { _, i in i * i }, deliver: { i, square in
            XCTAssertEqual(square, i * i)
            delivered.append(i)
            if i == 25 { throw Stop() }
        })) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(delivered, Array(0...25))
    }

    /// With 2 threads two prompts are decoded at the same moment, each by its own worker model
    /// (not the caller's): every item waits until another one has started.
    func testTwoThreadsDecodeTwoPromptsAtOnce() throws {
        let m = try InferenceFixture.model()
        let requests = try Array(requests(m).prefix(6))
        let alone = try requests.map { try one(m, $0) }
        let gate = Gate()
        let models = Models()
        var results: [Generation] = []
        let stats = try m.forEachConcurrently(requests.count, threads: 2, work: { worker, i in
            models.insert(ObjectIdentifier(worker))
            if gate.arrive() < 2 { try gate.wait(for: "two started") } else { gate.open("two started") }
            return try self.one(worker, requests[i])
        }, deliver: { _, g in results.append(g) })
        print("\(requests.count) prompts, threads 2: \(stats.workers) workers, at most \(stats.maxInFlight) at once")
        XCTAssertEqual(stats, ConcurrentRunStats(workers: 2, maxInFlight: 2))
        XCTAssertEqual(results, alone)
        XCTAssertEqual(models.count, 2)
        XCTAssertFalse(models.contains(ObjectIdentifier(m)), "workers do not share the caller's arenas")
    }

    func testOneThreadRunsOnTheCallersModel() throws {
        let m = try InferenceFixture.model()
        m.threads = 1
        var seen: [ObjectIdentifier] = []
        let stats = try m.forEachConcurrently(3, threads: 1, work: { worker, _ in ObjectIdentifier(worker) },
                                              deliver: { _, id in seen.append(id) })
        XCTAssertEqual(stats, ConcurrentRunStats(workers: 1, maxInFlight: 1))
        XCTAssertEqual(seen, Array(repeating: ObjectIdentifier(m), count: 3))
        XCTAssertEqual(try m.forEachConcurrently(0, threads: 2, work: { _, _ in 0 }, deliver: { _, _ in XCTFail() }),
                       ConcurrentRunStats(workers: 1, maxInFlight: 0))
    }
}

/// Named events work items wait for (at most 20 s, then an error: a test that is not
/// concurrent fails instead of hanging), and a count of arrivals.
final class Gate: @unchecked Sendable {
    struct TimedOut: Error { let event: String }
    private let condition = NSCondition()
    private var opened: Set<String> = []
    private var arrived = 0

    func open(_ event: String) {
        condition.lock()
        opened.insert(event)
        condition.broadcast()
        condition.unlock()
    }

    func wait(for event: String) throws {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(20)
        while !opened.contains(event) {
            if !condition.wait(until: deadline) { throw TimedOut(event: event) }
        }
    }

    /// Counts one arrival; returns the count.
    func arrive() -> Int {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        return arrived
    }
}

/// The worker models seen, from any thread.
final class Models: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<ObjectIdentifier> = []
    func insert(_ id: ObjectIdentifier) { lock.lock(); ids.insert(id); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return ids.count }
    func contains(_ id: ObjectIdentifier) -> Bool { lock.lock(); defer { lock.unlock() }; return ids.contains(id) }
}
