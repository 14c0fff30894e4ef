import LabCore

/// Labels and badge classes of step and run statuses (colours live in the stylesheet).
enum StatusStyle {
    static func badge(_ status: StepStatus) -> String {
        "<span class=\"badge badge-\(status.rawValue)\">\(status.rawValue)</span>"
    }

    static func badge(_ status: RunStatus) -> String {
        "<span class=\"badge badge-\(status.rawValue)\">\(status.rawValue)</span>"
    }

    /// Markdown: failures stand out in a terminal, the rest stays plain.
    static func markdown(_ status: StepStatus) -> String {
        switch status {
        case .failed: return "**failed**"
        case .cancelled: return "*cancelled*"
        case .abandoned: return "*abandoned*"
        default: return status.rawValue
        }
    }

    static func markdown(_ status: RunStatus) -> String {
        switch status {
        case .failed: return "**failed**"
        case .abandoned: return "*abandoned*"
        default: return status.rawValue
        }
    }

    /// `3 ran · 2 cached · 1 failed` (only statuses that occur, in a fixed order).
    static func summary(_ cells: [NotebookCell]) -> String {
        let parts = StepStatus.allCases.compactMap { status -> String? in
            let count = cells.filter { $0.status == status }.count
            return count == 0 ? nil : "\(count) \(status.rawValue)"
        }
        return parts.isEmpty ? "no steps" : parts.joined(separator: " · ")
    }
}
