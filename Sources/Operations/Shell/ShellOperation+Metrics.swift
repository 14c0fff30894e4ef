import LabCore

extension ShellOperation {
    /// None: the command names its metrics (`$LAB_METRICS`), so nothing is known about them.
    /// The notebook then judges which way is better from each name (see the CLI's
    /// `MetricMeanings`), the only steps for which it still guesses.
    public var metrics: [MetricDeclaration] { [] }
}
