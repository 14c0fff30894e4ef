import LabCore

/// Metrics as a value, for `lab-step.json`:
/// `{"scalars": {"acc": 0.9}, "series": {"loss": [[0, 2.3], [10, 1.7]]},
///   "matrices": {"grid": {"row_name": "depth", "column_name": "length", "row_labels": ["0%", "50%"],
///                         "column_labels": ["512"], "values": [81.5, null]}},
///   "records": {"samples": [{"depth": 0, "score": 100}, …]}}`.
/// `matrices` and `records` are written only when the result has some, so the file of a step
/// without them is what an older `lab` wrote, and an older file (without them) reads back with none.
extension OperationResult {
    public var value: Value {
        var object: [String: Value] = [
            "scalars": .object(scalars.mapValues(Value.double)),
            "series": .object(series.mapValues { points in
                .array(points.map { .array([.int($0.iteration), .double($0.value)]) })
            }),
        ]
        if !matrices.isEmpty { object["matrices"] = .object(matrices.mapValues(\.value)) }
        if !records.isEmpty { object["records"] = .object(records.mapValues(Value.array)) }
        return .object(object)
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
        var matrices: [String: MatrixResult] = [:]
        if !value["matrices"].isNull {
            guard let members = value["matrices"].objectValue else { return nil }
            for (name, v) in members {
                guard let matrix = MatrixResult(value: v) else { return nil }
                matrices[name] = matrix
            }
        }
        var records: [String: [Value]] = [:]
        if !value["records"].isNull {
            guard let members = value["records"].objectValue else { return nil }
            for (name, v) in members {
                guard let items = v.arrayValue else { return nil }
                records[name] = items
            }
        }
        self.init(scalars: scalars, series: series, matrices: matrices, records: records)
    }
}

extension MatrixResult {
    /// `{"row_name", "column_name", "row_labels", "column_labels", "values"}`, values row-major
    /// with a missing (non-finite) cell as null.
    public var value: Value {
        .object([
            "row_name": .string(rowName), "column_name": .string(columnName),
            "row_labels": .array(rowLabels.map(Value.string)), "column_labels": .array(columnLabels.map(Value.string)),
            "values": .array(values.map(Value.double)),
        ])
    }

    /// Reads what `value` wrote; nil when the shape is not that or the values do not fill
    /// rows × columns.
    public init?(value: Value) {
        guard let rowName = value["row_name"].stringValue, let columnName = value["column_name"].stringValue,
              let rowItems = value["row_labels"].arrayValue, let columnItems = value["column_labels"].arrayValue,
              let valueItems = value["values"].arrayValue else { return nil }
        let rowLabels = rowItems.compactMap(\.stringValue), columnLabels = columnItems.compactMap(\.stringValue)
        guard rowLabels.count == rowItems.count, columnLabels.count == columnItems.count else { return nil }
        var values: [Double] = []
        values.reserveCapacity(valueItems.count)
        for item in valueItems {
            if item.isNull { values.append(.nan); continue }
            guard let d = item.doubleValue else { return nil }
            values.append(d)
        }
        self.init(rowName: rowName, columnName: columnName, rowLabels: rowLabels, columnLabels: columnLabels,
                  values: values)
        guard isWellFormed else { return nil }
    }
}
