import Engine
import LabCore

/// The loss curves a train step records: every `every` steps, the mean over those steps of
/// the plain token loss (`loss`, comparable across schemes), of the optimised weighted loss
/// (`weighted_loss`), of the gradient norm (`grad_norm`), and the learning rate then (`lr`).
struct TrainingLog {
    let every: Int
    private(set) var series: [String: [SeriesPoint]] = ["loss": [], "weighted_loss": [], "lr": [], "grad_norm": []]
    private var sums = (loss: 0.0, weighted: 0.0, norm: 0.0, count: 0)
    private(set) var lastWindow = (loss: 0.0, weighted: 0.0)
    private(set) var tokens = 0
    private(set) var stepSeconds = 0.0

    init(every: Int) { self.every = every }

    mutating func record(_ stats: StepStats, isLast: Bool) {
        sums.loss += Double(stats.meanTokenLoss)
        sums.weighted += Double(stats.loss)
        sums.norm += Double(stats.gradientNorm)
        sums.count += 1
        tokens += stats.tokens
        stepSeconds += stats.seconds
        guard stats.iteration % every == 0 || isLast else { return }
        let n = Double(sums.count)
        lastWindow = (sums.loss / n, sums.weighted / n)
        series["loss"]!.append(SeriesPoint(iteration: stats.iteration, value: sums.loss / n))
        series["weighted_loss"]!.append(SeriesPoint(iteration: stats.iteration, value: sums.weighted / n))
        series["grad_norm"]!.append(SeriesPoint(iteration: stats.iteration, value: sums.norm / n))
        series["lr"]!.append(SeriesPoint(iteration: stats.iteration, value: Double(stats.learningRate)))
        sums = (0, 0, 0, 0)
    }
}
