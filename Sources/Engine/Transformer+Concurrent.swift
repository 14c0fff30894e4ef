import Foundation

/// What a concurrent run did, for its log and for tests that check it really ran at once.
public struct ConcurrentRunStats: Sendable, Equatable {
    /// Workers used (1: everything ran on the calling thread).
    public var workers: Int
    /// The most items whose `work` ran at the same moment.
    public var maxInFlight: Int
}

/// One prompt of `Transformer.generate(_:)`: the arguments of the one-prompt `generate`.
public struct GenerationRequest: Sendable, Equatable {
    public var prompt: [Int32]
    public var maxTokens: Int
    public var stop: Set<Int32>
    public var headMask: HeadMask?
    public var readout: AttentionReadout

    public init(prompt: [Int32], maxTokens: Int, stop: Set<Int32> = [], headMask: HeadMask? = nil,
                readout: AttentionReadout = .none) {
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.stop = stop
        self.headMask = headMask
        self.readout = readout
    }
}

extension Transformer {
    /// Greedy decoding of many prompts, up to `threads` of them at once (see
    /// `forEachConcurrently`): the generations, in the requests' order, each bitwise what
    /// `generate(prompt:…)` gives for that request alone. Throws the first failing request's error.
    public func generate(_ requests: [GenerationRequest]) throws -> [Generation] {
        var out: [Generation] = []
        out.reserveCapacity(requests.count)
        try forEachConcurrently(requests.count, threads: threads, work: { model, i in
            let r = requests[i]
            return try model.generate(prompt: r.prompt, maxTokens: r.maxTokens, stop: r.stop, headMask: r.headMask,
                                      readout: r.readout)
        }, deliver: { _, generation in out.append(generation) })
        return out
    }

    /// Runs `work(model, i)` for every i in 0..<count, up to `threads` items at once, and hands
    /// each result to `deliver(i, result)` on the calling thread in index order, as soon as it
    /// and every earlier item are done (so progress reported there stays monotone).
    ///
    /// Inference of one prompt is a chain of small products that keeps one core busy; the
    /// parallelism is across prompts. Each worker thread has its own model sharing these weights
    /// (own activation arenas, kernels on one thread), and `work` must use that model only: what
    /// an item computes then depends neither on the worker that ran it nor on `threads` (the
    /// kernels give the same bits on one thread as on many). With one worker (threads 1 or one
    /// item) everything runs on the calling thread with this model.
    ///
    /// `work` runs on other threads at once: it may only read what it captures. The first error
    /// in index order, from `work` or `deliver`, is rethrown once every running item has
    /// finished; nothing after it is delivered, and no item after it starts.
    @discardableResult
    public func forEachConcurrently<T>(_ count: Int, threads: Int, work: @escaping (Transformer, Int) throws -> T,
                                       deliver: (Int, T) throws -> Void) throws -> ConcurrentRunStats {
        let workers = max(1, min(threads, count))
        guard workers > 1 else {
            for i in 0..<count { try deliver(i, try work(self, i)) }
            return ConcurrentRunStats(workers: 1, maxInFlight: min(1, count))
        }
        let run = ConcurrentRun<T>(count: count, work: work)
        for _ in 0..<workers {
            let worker = WorkerModel(model: Transformer(sharingWeightsOf: self))
            let thread = Thread { run.work(on: worker.model) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        return try run.deliverInOrder(workers: workers, deliver)
    }
}

/// The shared state of one `forEachConcurrently`: the next item to start, the results not yet
/// delivered, and the workers still running, all behind one condition lock.
private final class ConcurrentRun<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    /// Cleared once every worker has stopped, so nothing of the caller's outlives the call.
    private var body: ((Transformer, Int) throws -> T)?
    private var next = 0
    /// No item at or after this index starts: set after a failure (the failing item + 1) and
    /// when the caller stops (0).
    private var stopAt: Int
    private var results: [Result<T, Error>?]
    private var running = 0
    private var inFlight = 0, maxInFlight = 0

    init(count: Int, work: @escaping (Transformer, Int) throws -> T) {
        self.count = count
        body = work
        stopAt = count
        results = Array(repeating: nil, count: count)
    }

    /// A worker's loop: take the next item, run it unlocked, store its result.
    func work(on model: Transformer) {
        condition.lock()
        running += 1
        while next < stopAt, let body {
            let i = next
            next += 1
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
            condition.unlock()
            let result = Result { try body(model, i) }
            condition.lock()
            inFlight -= 1
            results[i] = result
            if case .failure = result { stopAt = min(stopAt, i + 1) }
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The caller's side: delivers results in index order, stops at the first error, then
    /// waits for every worker to finish before returning or throwing.
    func deliverInOrder(workers: Int, _ deliver: (Int, T) throws -> Void) throws -> ConcurrentRunStats {
        var failure: Error?
        condition.lock()
        for i in 0..<count {
            // Item i < stopAt has started (items start in order) and stores its result.
            while results[i] == nil { condition.wait() }
            let result = results[i]!
            results[i] = nil
            condition.unlock()
            do { try deliver(i, try result.get()) } catch { failure = error }
            condition.lock()
            if failure != nil { stopAt = 0; break }
        }
        // A worker whose thread starts after this finds no body and no item: it stops at once.
        while running > 0 { condition.wait() }
        body = nil
        let stats = ConcurrentRunStats(workers: workers, maxInFlight: maxInFlight)
        condition.unlock()
        if let failure { throw failure }
        return stats
    }
}

/// A worker's model, handed to its thread (it is used there only).
private struct WorkerModel: @unchecked Sendable {
    let model: Transformer
}
