import Foundation
import XCTest
import LabCore
@testable import Ledger

/// The `lab results --where` path on 2,000 results of 5 params and 5 metrics (the figure that
/// `bench/ledger-2000.sh` measures end to end once `lab run` exists). Set LEDGER_BENCH_HOME to
/// keep the filled workspace there (for timing the `lab` process against it).
final class LedgerBenchmarkTests: LedgerTestCase {
    static let schemes = ["uniform", "dense", "sparse", "longce"]

    func testFilterOverTwoThousandResults() throws {
        let home = ProcessInfo.processInfo.environment["LEDGER_BENCH_HOME"].map { URL(fileURLWithPath: $0) } ?? directory!
        let path = LedgerStore.path(inWorkspace: home)
        try? FileManager.default.removeItem(atPath: path)
        let store = try LedgerStore(path: path)
        let run = try store.beginRun(runStart(recipe: "bench"))
        var expected = 0
        let fill = Date()
        for i in 0..<2000 {
            let scheme = Self.schemes[i % 4], dim = [32, 64, 128, 256, 512][(i / 4) % 5]
            let lr = [0.0001, 0.0003, 0.001, 0.003, 0.01][(i / 20) % 5], seed = i / 100
            // A deterministic spread of niah over [0, 1).
            let niah = Double((i &* 2_654_435_761) % 1000) / 1000
            if scheme == "sparse" && niah > 0.8 { expected += 1 }
            let variant: Value = ["scheme": .string(scheme), "dim": .int(dim), "lr": .double(lr), "seed": .int(seed)]
            let id = "bench[scheme=\(scheme),dim=\(dim),lr=\(lr),seed=\(seed)]"
            try store.recordStep(step(run: run, id: id, name: "bench", variant: variant,
                                      params: ["scheme": .string(scheme), "dim": .int(dim), "lr": .double(lr),
                                               "seed": .int(seed), "layers": 2],
                                      key: key(id), order: 0,
                                      scalars: ["niah": niah, "loss": 1 + niah, "acc": niah / 2, "ppl": 3 - niah, "tokens": Double(i)]))
        }
        try store.finishRun(run, status: .succeeded, finishedAt: Date())
        print("recorded 2000 results in \(String(format: "%.2f", Date().timeIntervalSince(fill))) s")

        var times: [Double] = []
        var count = 0
        for _ in 0..<10 {
            let start = DispatchTime.now().uptimeNanoseconds
            let reader = try LedgerStore(path: path)   // as a `lab results` process would: open, filter, read
            count = try reader.results(where: "scheme = 'sparse' and niah > 0.8").count
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        print("results(where: scheme = 'sparse' and niah > 0.8) on 2000 results: \(count) rows, median \(String(format: "%.2f", times[5])) ms, min \(String(format: "%.2f", times[0])) ms")
        XCTAssertEqual(count, expected)
        XCTAssertGreaterThan(expected, 0)
        #if DEBUG
        let limit = 1000.0   // unoptimised code: a loose bound that still catches a quadratic plan
        #else
        let limit = 100.0
        #endif
        XCTAssertLessThan(times[5], limit, "median over \(limit) ms")
    }
}
