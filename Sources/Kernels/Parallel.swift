import Foundation

/// Splits `0..<count` into `BLAS.threads` contiguous chunks (fewer when `count` is small) and
/// runs `body(chunk, range)` for each, concurrently. The split depends only on `count` and the
/// thread count, so per-chunk partial results combine the same way every run (determinism).
/// Chunks must write disjoint memory.
public func parallelChunks(_ count: Int, minimumPerChunk: Int = 1,
                           _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = chunkCount(count, minimumPerChunk: minimumPerChunk)
    if chunks <= 1 { if count > 0 { body(0, 0..<count) }; return }
    runConcurrently(chunks, count, body)
}

/// Like `parallelChunks`, for chunks that call BLAS (single-threaded; see `BLAS`).
public func parallelChunksCallingBLAS(_ count: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = chunkCount(count, minimumPerChunk: 1)
    if chunks <= 1 { if count > 0 { body(0, 0..<count) }; return }
    runConcurrently(chunks, count, body)
}

/// How many chunks `parallelChunks` uses for `count` items.
public func chunkCount(_ count: Int, minimumPerChunk: Int = 1) -> Int {
    max(1, min(BLAS.threads, count / max(1, minimumPerChunk)))
}

@inline(__always)
func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
    (c * count / chunks)..<((c + 1) * count / chunks)
}

/// The closure only runs during `concurrentPerform`, on disjoint chunks; the box tells the
/// compiler what it cannot see.
private struct ChunkBody: @unchecked Sendable {
    let run: (Int, Range<Int>) -> Void
}

private func runConcurrently(_ chunks: Int, _ count: Int, _ body: (Int, Range<Int>) -> Void) {
    withoutActuallyEscaping(body) { escapable in
        let box = ChunkBody(run: escapable)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            box.run(c, chunkRange(c, of: chunks, count: count))
        }
    }
}
