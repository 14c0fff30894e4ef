import LabCore
import Notebook

/// The token-weighting figures (METHODS.md §1), keyed on the metric names of
/// `MetricConventions`: long- vs short-range accuracy per variant, and the distribution of
/// token weights per scheme. Steps that follow one sweep (`eval` after `weighted`) share its
/// sweep values, so their metrics are matched by those values: `eval[scheme=x]` lands in the
/// cluster of `scheme=x`.
extension NotebookBuilder {
    /// Extra plots for the comparison section of each swept step, by step name.
    static func tokenWeightingPlots(_ groups: [SweepGroup]) -> [String: [Plot]] {
        var plots: [String: [Plot]] = [:]
        for group in groups {
            if let histograms = weightHistograms(group) { plots[group.name, default: []].append(histograms) }
        }
        // Sweeps over the same keys are one family: their variants line up by sweep values.
        var families: [[String]: [SweepGroup]] = [:]
        var familyOrder: [[String]] = []
        for group in groups {
            if families[group.keys] == nil { familyOrder.append(group.keys) }
            families[group.keys, default: []].append(group)
        }
        for keys in familyOrder {
            for (groupName, chart) in accuracyBars(families[keys] ?? []) {
                plots[groupName, default: []].append(.bars(chart))
            }
        }
        return plots
    }

    /// Overlaid weight histograms when at least two variants recorded one.
    static func weightHistograms(_ group: SweepGroup) -> Plot? {
        let named = group.variants.compactMap { step in
            WeightHistogramMetrics(step.result ?? OperationResult()).map { (name: group.label(of: step), histogram: $0) }
        }
        guard named.count >= 2 else { return nil }
        return WeightHistogramMetrics.plot(title: "distribution of token weights per \(group.keys.joined(separator: ", "))",
                                           named)
    }

    /// Grouped bars of long- and short-range accuracy, one cluster per variant. A step whose
    /// variants carry both metrics gets its own chart; when one step has the long-range and
    /// another the short-range accuracy, one chart joins them (in the later step's section).
    static func accuracyBars(_ family: [SweepGroup]) -> [(group: String, chart: BarChart)] {
        func has(_ names: [String], _ group: SweepGroup) -> Bool {
            group.variants.contains { MetricConventions.scalar(names, in: $0.result?.scalars ?? [:]) != nil }
        }
        let long = MetricConventions.longAccuracyNames, short = MetricConventions.shortAccuracyNames
        let sources = family.filter { has(long, $0) || has(short, $0) }
        guard let last = sources.last, let keys = family.first?.keys else { return [] }
        let title = "long-range vs short-range accuracy per \(keys.joined(separator: ", "))"
        if sources.allSatisfy({ has(long, $0) && has(short, $0) }) {
            return sources.map { ($0.name, bars(title: sources.count > 1 ? "\(title) (\($0.name))" : title, [$0])) }
        }
        guard sources.contains(where: { has(long, $0) }), sources.contains(where: { has(short, $0) }) else { return [] }
        return [(last.name, bars(title: title, sources))]
    }

    /// Categories are the variants' labels in order of first appearance; for each label the
    /// last step (in recipe order) that recorded a metric provides it; a missing one is NaN (no bar).
    static func bars(title: String, _ sources: [SweepGroup]) -> BarChart {
        var labels: [String] = []
        var longValues: [String: Double] = [:], shortValues: [String: Double] = [:]
        for group in sources {
            for step in group.variants {
                let label = group.label(of: step)
                if !labels.contains(label) { labels.append(label) }
                let scalars = step.result?.scalars ?? [:]
                if let value = MetricConventions.scalar(MetricConventions.longAccuracyNames, in: scalars) {
                    longValues[label] = value.value
                }
                if let value = MetricConventions.scalar(MetricConventions.shortAccuracyNames, in: scalars) {
                    shortValues[label] = value.value
                }
            }
        }
        // A variant that recorded neither (failed, skipped) is in the table with its status; a
        // chart cluster of two missing bars would only look like zero.
        labels.removeAll { longValues[$0] == nil && shortValues[$0] == nil }
        let keys = sources.first?.keys.joined(separator: ", ") ?? ""
        return BarChart(title: title, xLabel: keys, yLabel: "accuracy", categories: labels, groups: [
            BarGroup(name: "long-range", values: labels.map { longValues[$0] ?? .nan }),
            BarGroup(name: "short-range", values: labels.map { shortValues[$0] ?? .nan }),
        ])
    }
}
