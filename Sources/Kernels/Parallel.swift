import Foundation

/// How every kernel splits its work, so that results never depend on the thread count.
///
/// Work is cut into chunks fixed by the problem's size alone (`chunkCount`); `threads` only
/// decides how many workers share those chunks. A chunk computes the same floats whichever
/// worker runs it, and partial sums are combined in chunk order, so 1, 2, 3 or 4 threads give
/// bitwise-identical outputs. The thread count is an argument of each call: there is no
/// process-wide setting, so two steps in one process may use different counts at once.

/// Chunks of `chunkSize` items (the last one shorter) for `count` items; 0 for no items.
@inline(__always)
public func chunkCount(_ count: Int, chunkSize: Int) -> Int {
    count <= 0 ? 0 : (count + max(1, chunkSize) - 1) / max(1, chunkSize)
}

/// Workers `forEachChunk` uses for `chunks` chunks and `threads` threads (≥ 1 when chunks > 0).
@inline(__always)
public func workerCount(chunks: Int, threads: Int) -> Int {
    max(1, min(threads, chunks))
}

/// Runs `body(worker, chunk, range)` for each chunk of `0..<count` (chunks of `chunkSize`),
/// on up to `threads` workers at once. Each worker takes a contiguous run of chunks; `worker`
/// (0..<workerCount) indexes per-worker scratch, which must not carry results between chunks.
/// Chunks must write disjoint memory. Chunks may call single-threaded OpenBLAS.
public func forEachChunk(_ count: Int, chunkSize: Int, threads: Int,
                         _ body: (_ worker: Int, _ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = chunkCount(count, chunkSize: chunkSize)
    guard chunks > 0 else { return }
    let size = max(1, chunkSize)
    let workers = workerCount(chunks: chunks, threads: threads)
    if workers == 1 {
        for chunk in 0..<chunks { body(0, chunk, (chunk * size)..<min(count, (chunk + 1) * size)) }
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = ChunkBody(run: escapable)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for chunk in (w * chunks / workers)..<((w + 1) * chunks / workers) {
                box.run(w, chunk, (chunk * size)..<min(count, (chunk + 1) * size))
            }
        }
    }
}

/// Rows per chunk for kernels that hand each chunk to one sgemm: about 8 chunks, none under
/// 32 rows (a BLAS call needs rows to be worth it). Depends on `count` only.
@inline(__always)
public func blasRowChunk(_ count: Int) -> Int {
    max(32, (count + 7) / 8)
}

/// The closure only runs during `concurrentPerform`, on disjoint chunks; the box tells the
/// compiler what it cannot see.
private struct ChunkBody: @unchecked Sendable {
    let run: (Int, Int, Range<Int>) -> Void
}
