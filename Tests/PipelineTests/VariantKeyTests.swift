import XCTest
import LabCore
@testable import Pipeline

/// A step's own sweep values are in its key (scheme 2): replicates and sweeps that no
/// parameter uses stay distinct, and a step without a sweep of its own keys as before.
final class VariantKeyTests: XCTestCase {
    let ops: [String: any LabCore.Operation] = ["echo": EchoOperation(counter: CallCounter())]

    func keyed(_ steps: [ResolvedStep], seed: UInt64 = 1) throws -> [String: KeyedStep] {
        let keyed = try KeyedStep.all(graph: StepGraph(steps), operations: ops, recipeDirectory: URL(fileURLWithPath: "/r"),
                                      seed: seed)
        return Dictionary(uniqueKeysWithValues: keyed.map { ($0.id, $0) })
    }

    /// `name[rep=i]` with identical parameters: only the replicate index differs.
    func replicate(_ name: String, _ rep: Int, _ params: [String: Value] = [:], inherited: [(String, Value)] = [],
                   own: Bool = true) -> ResolvedStep {
        let variant = inherited.map { (key: $0.0, value: $0.1) } + [(key: "rep", value: Value.int(rep))]
        return ResolvedStep(id: "\(name)[rep=\(rep)]", name: name, variant: variant, op: "echo", params: params,
                            title: nil, note: nil, files: [], order: 0, ownSweepKeys: own ? ["rep"] : [])
    }

    /// The echo operation's parameters with their defaults, as canonical JSON.
    let echoParams = #"{"fail":false,"inputs":[],"sleep":0,"value":0,"wait_cancel":false}"#

    func testUnsweptStepKeysExactlyTheHandWrittenForm() throws {
        // Written out by hand: no "variant" member, nothing but op, version, params, files,
        // seed and scheme. A step id, a name or an inherited sweep value does not enter.
        let expected = SHA256.hex(#"{"files":{},"op":"echo","params":"# + echoParams + #","scheme":2,"seed":1,"version":1}"#)
        XCTAssertEqual(try keyed([step("a")])["a"]?.key, expected)
        let inheritedOnly = replicate("b", 2, own: false)
        XCTAssertEqual(try keyed([inheritedOnly])["b[rep=2]"]?.key, expected,
                       "a sweep value the step inherits reaches its key only through the keys it reads")
        XCTAssertEqual(try keyed([step("a")])["a"]?.keyedForm.objectValue.map { Set($0.keys) },
                       ["scheme", "op", "version", "params", "files", "seed"])
    }

    func testOwnSweepValuesEnterTheKeyedForm() throws {
        let form = try XCTUnwrap(keyed([replicate("m", 2)])["m[rep=2]"])
        XCTAssertEqual(form.keyedForm["variant"], ["rep": 2])
        let expected = SHA256.hex(#"{"files":{},"op":"echo","params":"# + echoParams + #","scheme":2,"seed":1,"#
                                  + #""variant":{"rep":2},"version":1}"#)
        XCTAssertEqual(form.key, expected)
    }

    func testReplicatesHaveDistinctKeysAndDistinctOperationSeeds() throws {
        let steps = (1...3).map { replicate("m", $0) }
        let keys = try keyed(steps)
        let keyList = (1...3).compactMap { keys["m[rep=\($0)]"]?.key }
        XCTAssertEqual(Set(keyList).count, 3)
        XCTAssertEqual(Set(keyList.map(CacheKey.operationSeed)).count, 3)
        // Downstream steps that follow them (same parameters but the input) differ too.
        let followers = (1...3).map { replicate("e", $0, ["inputs": [ref("m[rep=\($0)]")]], own: false) }
        let all = try keyed(steps + followers)
        XCTAssertEqual(Set((1...3).compactMap { all["e[rep=\($0)]"]?.key }).count, 3)
    }

    func testNoTwoVariantsOfAStepShareAKey() throws {
        // A grid lr × rep where lr is unused too: all six distinct, for every seed tried.
        var steps: [ResolvedStep] = []
        for lr in [Value.double(0.1), .int(1), .string("1")] {
            for rep in 1...2 {
                steps.append(ResolvedStep(id: "g[lr=\(lr.canonicalJSON),rep=\(rep)]", name: "g",
                                          variant: [("lr", lr), ("rep", .int(rep))], op: "echo", params: [:],
                                          title: nil, note: nil, files: [], order: 0, ownSweepKeys: ["lr", "rep"]))
            }
        }
        for seed: UInt64 in [0, 1, 7] {
            let keys = try keyed(steps, seed: seed)
            XCTAssertEqual(Set(keys.values.map(\.key)).count, steps.count, "seed \(seed)")
        }
    }

    func testSeedChangesEveryKeyAndTheSameSeedNone() throws {
        let steps = [replicate("m", 1), replicate("m", 2), step("u"), step("d", ["inputs": [ref("u")]])]
        let one = try keyed(steps, seed: 1), same = try keyed(steps, seed: 1), five = try keyed(steps, seed: 5)
        for id in one.keys {
            XCTAssertEqual(one[id]?.key, same[id]?.key, id)
            XCTAssertNotEqual(one[id]?.key, five[id]?.key, id)
        }
    }
}
