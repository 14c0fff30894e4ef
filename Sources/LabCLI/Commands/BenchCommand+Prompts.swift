import Engine
import Foundation
import LabCore

/// `lab bench decode --prompts N`: N prompts decoded one at a time on one thread, then all at
/// once on `threads` workers (what niah, retrieval-heads, qa-eval and synthesise do), with the
/// two outputs compared token for token.
extension BenchCommand {
    static func decodePrompts(_ count: Int, model: Transformer, promptLength: Int, generated: Int, threads: Int,
                              env: CommandEnvironment) throws {
        var rng = SeededRandom(seed: 3)
        let vocab = UInt64(model.config.vocabSize)
        let requests = (0..<count).map { _ in
            GenerationRequest(prompt: (0..<promptLength).map { _ in Int32(rng.next() % vocab) }, maxTokens: generated)
        }
        func timed(threads: Int) throws -> (seconds: Double, generations: [Generation]) {
            model.threads = threads
            let start = DispatchTime.now().uptimeNanoseconds
            let generations = try model.generate(requests)
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, generations)
        }
        defer { model.threads = threads }
        model.threads = 1
        _ = try model.generate([requests[0]])  // the caller's arenas exist before either timing
        let serial = try timed(threads: 1), concurrent = try timed(threads: threads)
        let tokens = Double(count * (promptLength + generated))
        let same = serial.generations.map(\.tokens) == concurrent.generations.map(\.tokens)
        env.output.line(String(format: "%d prompts of %d tokens, %d generated each: one at a time %.0f tokens/s (%.2f s), "
                               + "%d at once %.0f tokens/s (%.2f s): ×%.2f; outputs %@", count, promptLength, generated,
                               tokens / serial.seconds, serial.seconds, min(threads, count), tokens / concurrent.seconds,
                               concurrent.seconds, serial.seconds / concurrent.seconds, same ? "identical" : "DIFFER"))
        guard same else { throw UsageError("decoding prompts at once gave other tokens than one at a time") }
    }
}
