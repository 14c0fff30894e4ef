import LabCore

/// Metrics as a value, for `lab-step.json`:
/// `{"scalars": {"acc": 0.9}, "series": {"loss": [[0, 2.3], [10, 1.7]]}}`.
extension OperationResult {
    public var value: Value {
        .object([
            "scalars": .object(scalars.mapValues(Value.double)),
            "series": .object(series.mapValues { points in
                .array(points.map { .array([.int($0.iteration), .double($0.value)]) })
            }),
        ])
    }

    /// Reads what `value` wrote; nil when the shape is not that.
    public init?(value: Value) {
        guard let scalarsObject = value["scalars"].objectValue, let seriesObject = value["series"].objectValue
        else { return nil }
        var scalars: [String: Double] = [:]
        for (name, v) in scalarsObject {
            // Non-finite values were written as null by canonical JSON.
            if v.isNull { scalars[name] = .nan; continue }
            guard let d = v.doubleValue else { return nil }
            scalars[name] = d
        }
        var series: [String: [SeriesPoint]] = [:]
        for (name, v) in seriesObject {
            guard let items = v.arrayValue else { return nil }
            var points: [SeriesPoint] = []
            for item in items {
                guard let pair = item.arrayValue, pair.count == 2, let it = pair[0].intValue else { return nil }
                points.append(SeriesPoint(iteration: it, value: pair[1].doubleValue ?? .nan))
            }
            series[name] = points
        }
        self.init(scalars: scalars, series: series)
    }
}
