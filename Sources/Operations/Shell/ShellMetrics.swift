import Foundation
import LabCore

/// The metrics file a shell step may write at `$LAB_METRICS` (`metrics.json` in its output
/// folder). A JSON object whose members are
///
///   - numbers: scalar metrics, `"accuracy": 0.93`;
///   - the member `series`: an object of curves, each a list of `[iteration, value]` pairs,
///     `"series": {"loss": [[0, 2.31], [100, 1.74]]}` (iterations are integers).
///
/// So a flat object of numbers is the simplest valid file. Anything else (a string metric, a
/// non-finite value, a malformed pair) fails the step with a message naming the member.
enum ShellMetrics {
    static func parse(_ text: String) throws(OperationError) -> OperationResult {
        let value: Value
        do { value = try Value.parseJSON(text) } catch {
            throw .failed("metrics file: \(error)")
        }
        guard let members = value.objectValue else {
            throw .failed("metrics file: expected a JSON object of numbers, found \(value.typeDescription)")
        }
        var result = OperationResult()
        for (name, member) in members {
            if name == "series" {
                guard let curves = member.objectValue else {
                    throw .failed("metrics file: 'series' must be an object of [iteration, value] lists")
                }
                for (curve, points) in curves { result.series[curve] = try parseCurve(curve, points) }
                continue
            }
            guard let number = member.doubleValue else {
                throw .failed("metrics file: metric '\(name)' must be a number, found \(member.typeDescription)")
            }
            result.scalars[name] = number
        }
        return result
    }

    private static func parseCurve(_ name: String, _ points: Value) throws(OperationError) -> [SeriesPoint] {
        guard let items = points.arrayValue else {
            throw .failed("metrics file: series '\(name)' must be a list of [iteration, value] pairs")
        }
        var out: [SeriesPoint] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let pair = item.arrayValue, pair.count == 2, let iteration = pair[0].intValue,
                  let v = pair[1].doubleValue else {
                throw .failed("metrics file: series '\(name)' item \(i) must be [integer iteration, number], found \(item.canonicalJSON)")
            }
            out.append(SeriesPoint(iteration: iteration, value: v))
        }
        return out
    }
}
