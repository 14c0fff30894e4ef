/// One entry of a recipe's `figures:` after checking: a plot across steps that the notebook
/// draws right after the verdicts, from the run's results (never part of a key). Each
/// selection pools the replicates of one condition, as a claim's does: mean and 95% interval.
public struct ResolvedFigure: Sendable, Equatable {
    /// The replicates of one condition of one step.
    public typealias Selection = ResolvedClaim.Selector

    /// A bar or a line: a label and what it draws.
    public struct Entry: Sendable, Equatable {
        public var label: String
        public var selection: Selection
        public init(label: String, selection: Selection) {
            self.label = label
            self.selection = selection
        }
    }

    public enum Kind: Sendable, Equatable {
        /// One cluster per entry, one bar per metric in it: the mean of a scalar metric, with
        /// its 95% interval.
        case bars(metrics: [String], entries: [Entry])
        /// One line per entry. With `x` (a sweep key of each entry's step): a scalar metric's
        /// mean at each value of x. Without: a series metric's mean at each point of its axis.
        /// `start`: a selection whose mean begins every line at `x = startX` (e.g. K = 0, the
        /// model with no head masked).
        case curve(metric: String, x: String?, entries: [Entry], start: Selection?, startX: Double)
        /// A matrix averaged cell by cell over the replicates; `top` > 0 adds a table of its
        /// highest cells.
        case heatmap(matrix: String, selection: Selection, top: Int)
    }

    public var title: String
    /// Markdown under the title.
    public var note: String?
    public var kind: Kind

    public init(title: String, note: String? = nil, kind: Kind) {
        self.title = title
        self.note = note
        self.kind = kind
    }
}

extension ResolvedFigure {
    /// Stored in the run's resolved recipe (`figures`) and read back by `init?(_:)`.
    public var value: Value {
        var object: [String: Value] = ["figure": .string(title)]
        if let note { object["note"] = .string(note) }
        func entries(_ list: [Entry]) -> Value {
            .array(list.map { .object(["label": .string($0.label), "of": $0.selection.value]) })
        }
        switch kind {
        case .bars(let metrics, let list):
            object["bars"] = .array(metrics.map(Value.string))
            object["of"] = entries(list)
        case .curve(let metric, let x, let list, let start, let startX):
            object["curve"] = .string(metric)
            object["of"] = entries(list)
            if let x { object["x"] = .string(x) }
            if let start { object["start"] = .object(["of": start.value, "x": .double(startX)]) }
        case .heatmap(let matrix, let selection, let top):
            object["heatmap"] = .string(matrix)
            object["step"] = selection.value
            object["top"] = .int(top)
        }
        return .object(object)
    }

    /// nil for a value `value` did not write (a ledger edited by hand).
    public init?(_ value: Value) {
        guard let title = value["figure"].stringValue else { return nil }
        func entries() -> [Entry]? {
            guard let items = value["of"].arrayValue else { return nil }
            var list: [Entry] = []
            for item in items {
                guard let label = item["label"].stringValue, let selection = Selection(item["of"]) else { return nil }
                list.append(Entry(label: label, selection: selection))
            }
            return list
        }
        let kind: Kind
        if let metrics = value["bars"].arrayValue?.compactMap(\.stringValue), !metrics.isEmpty, let list = entries() {
            kind = .bars(metrics: metrics, entries: list)
        } else if let metric = value["curve"].stringValue, let list = entries() {
            let start = Selection(value["start"]["of"])
            kind = .curve(metric: metric, x: value["x"].stringValue, entries: list, start: start,
                          startX: value["start"]["x"].doubleValue ?? 0)
        } else if let matrix = value["heatmap"].stringValue, let selection = Selection(value["step"]) {
            kind = .heatmap(matrix: matrix, selection: selection, top: value["top"].intValue ?? 0)
        } else {
            return nil
        }
        self.init(title: title, note: value["note"].stringValue, kind: kind)
    }
}
