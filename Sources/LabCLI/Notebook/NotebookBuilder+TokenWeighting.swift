import LabCore
import Notebook
import Statistics

/// The token-weighting figures (docs/METHODS.md §1), keyed on the metric names of
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
    /// With replicates, one histogram per condition: that of its first replicate with one.
    static func weightHistograms(_ group: SweepGroup) -> Plot? {
        var seen: Set<String> = []
        let named = group.variants.compactMap { step -> (name: String, histogram: WeightHistogramMetrics)? in
            let label = group.hasReplicates ? group.conditionLabel(of: step) : group.label(of: step)
            guard !seen.contains(label), let histogram = WeightHistogramMetrics(step.result ?? OperationResult()) else { return nil }
            seen.insert(label)
            return (label, histogram)
        }
        guard named.count >= 2 else { return nil }
        let keys = (group.hasReplicates ? group.conditionKeys : group.keys).joined(separator: ", ")
        return WeightHistogramMetrics.plot(title: "distribution of token weights per \(keys)"
                                               + (group.hasReplicates ? " (first replicate of each)" : ""), named)
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
        guard let last = sources.last, let first = family.first else { return [] }
        let keys = first.hasReplicates ? first.conditionKeys : first.keys
        let title = "long-range vs short-range accuracy per \(keys.joined(separator: ", "))"
        if sources.allSatisfy({ has(long, $0) && has(short, $0) }) {
            return sources.map { ($0.name, bars(title: sources.count > 1 ? "\(title) (\($0.name))" : title, [$0])) }
        }
        guard sources.contains(where: { has(long, $0) }), sources.contains(where: { has(short, $0) }) else { return [] }
        return [(last.name, bars(title: title, sources))]
    }

    /// Categories are the variants' labels in order of first appearance; for each label the
    /// last step (in recipe order) that recorded a metric provides it; a missing one is NaN (no bar).
    /// With replicates (a `rep` axis) a category is a condition: the mean of its replicates,
    /// with the 95% interval as an error bar.
    static func bars(title: String, _ sources: [SweepGroup]) -> BarChart {
        var labels: [String] = []
        var conditionOf: [String: String] = [:]
        var longValues: [String: Double] = [:], shortValues: [String: Double] = [:]
        for group in sources {
            for step in group.variants {
                let label = group.label(of: step)
                if !labels.contains(label) { labels.append(label) }
                conditionOf[label] = group.hasReplicates ? group.conditionLabel(of: step) : label
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
        var categories: [String] = []
        for label in labels {
            let condition = conditionOf[label] ?? label
            if !categories.contains(condition) { categories.append(condition) }
        }
        func summaries(_ values: [String: Double]) -> [SampleSummary?] {
            categories.map { category in
                SampleSummary(labels.filter { conditionOf[$0] == category }.compactMap { values[$0] })
            }
        }
        let long = summaries(longValues), short = summaries(shortValues)
        let replicated = sources.contains(where: \.hasReplicates)
        let keys = (replicated ? sources.first?.conditionKeys : sources.first?.keys)?.joined(separator: ", ") ?? ""
        return BarChart(title: title, xLabel: keys, yLabel: replicated ? "accuracy (mean, 95% CI)" : "accuracy",
                        categories: categories, groups: [
            BarGroup(name: "long-range", values: long.map { $0?.mean ?? .nan },
                     errors: replicated ? long.map { $0?.halfWidth ?? .nan } : []),
            BarGroup(name: "short-range", values: short.map { $0?.mean ?? .nan },
                     errors: replicated ? short.map { $0?.halfWidth ?? .nan } : []),
        ])
    }
}
