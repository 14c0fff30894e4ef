import Foundation
import LabCore

/// What the console knows of one running step: when it started, its latest progress message,
/// and an estimate of the time left from the rate its fraction grows at.
struct StepProgress {
    let id: String
    let started: Date
    var message: String?
    var fraction: Double?
    /// The first report of the current phase with a fraction: the ETA's rate is measured from
    /// it, not from the step's start, so set-up time (tokenizing before training) does not skew it.
    private var anchor: (time: Date, fraction: Double)?
    /// When the latest fraction was reported.
    private var reported: Date?
    /// When the last non-terminal progress line for it was printed (or when it started).
    var lastLine: Date

    init(id: String, started: Date) {
        self.id = id
        self.started = started
        self.lastLine = started
    }

    mutating func update(_ progress: OperationContext.Progress, at now: Date) {
        message = progress.message.isEmpty ? nil : progress.message
        guard let f = progress.fraction, f.isFinite else { fraction = nil; anchor = nil; return }
        let clamped = min(max(f, 0), 1)
        // A fraction that goes back starts a new phase: measure the rate afresh.
        if anchor == nil || clamped < (fraction ?? 0) { anchor = (now, clamped) }
        fraction = clamped
        reported = now
    }

    /// Seconds left: what remained at the latest report, at the rate measured from the anchor
    /// to it, less the time since; nil until the fraction has grown.
    func secondsLeft(at now: Date) -> Double? {
        guard let fraction, let anchor, let reported, fraction > anchor.fraction, fraction < 1 else { return nil }
        let elapsed = reported.timeIntervalSince(anchor.time)
        guard elapsed > 0 else { return nil }
        return max(0, (1 - fraction) * elapsed / (fraction - anchor.fraction) - now.timeIntervalSince(reported))
    }

    /// `1m05s · it 120/300 loss 2.310 · 40% · ETA 1m30s`
    func summary(at now: Date) -> String {
        var parts = [ProgressClock.text(now.timeIntervalSince(started))]
        if let message { parts.append(message) }
        if let fraction { parts.append(String(format: "%.0f%%", fraction * 100)) }
        if let left = secondsLeft(at: now) { parts.append("ETA " + ProgressClock.text(left)) }
        return parts.joined(separator: " · ")
    }
}

/// Durations as a person reads them in a progress line: `7s`, `1m05s`, `2h03m`.
enum ProgressClock {
    static func text(_ seconds: Double) -> String {
        let s = Int(max(0, seconds.isFinite ? seconds : 0).rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
