/// The general form of a token-weighting scheme (docs/METHODS.md §1): how the score gap
/// `d_t = lL_t - lS_t` of each token becomes its loss weight.
///
/// Applied per sequence of T tokens, in this order:
/// transforms (in the listed order) → truncation γ → sparsification κ → normalisation →
/// interpolation λ. Every stored value is valid: the initialiser checks ranges, so a config
/// that exists can always be applied.
public struct WeightConfig: Sendable, Hashable {
    /// Applied to `d_t` in order.
    public let transforms: [Transform]
    /// γ: `s = min(s, γ)`; nil for none. Must be > 0.
    public let truncation: Double?
    /// κ in (0, 1]: the top floor(κT) scores become 1, the rest 0; nil for none.
    public let sparsity: Double?
    public let normalisation: Normalisation
    /// λ in [0, 1]: `w = λ + (1-λ)·w`; only allowed with a normalisation (as in the paper).
    public let interpolation: Double?

    public init(transforms: [Transform] = [], truncation: Double? = nil, sparsity: Double? = nil,
                normalisation: Normalisation = .none, interpolation: Double? = nil) throws {
        for transform in transforms { try transform.validate() }
        if let gamma = truncation { try Self.checkTruncation(gamma) }
        if let kappa = sparsity { try Self.checkSparsity(kappa) }
        if let lambda = interpolation {
            try Self.checkInterpolation(lambda)
            if normalisation == .none {
                throw TokenWeightingError.badParameter(
                    "lambda", "interpolation λ needs a normalisation (l1 or softmax), as in the paper")
            }
        }
        self.transforms = transforms
        self.truncation = truncation
        self.sparsity = sparsity
        self.normalisation = normalisation
        self.interpolation = interpolation
    }

    /// Every token weighs 1: κ = 1 puts all T tokens in the top set (the paper's README notes
    /// κ = 1 gives plain cross-entropy). Computing it needs no scores at all.
    public static let uniform: WeightConfig = {
        // κ = 1 is in range, so this cannot throw; `try?` keeps the no-trap rule.
        (try? WeightConfig(sparsity: 1)) ?? WeightConfig(unchecked: [], nil, 1, .none, nil)
    }()

    /// True when every weight is 1 whatever the scores (so a trainer may skip scoring).
    public var isUniform: Bool { sparsity == 1 }

    private init(unchecked transforms: [Transform], _ truncation: Double?, _ sparsity: Double?,
                 _ normalisation: Normalisation, _ interpolation: Double?) {
        self.transforms = transforms
        self.truncation = truncation
        self.sparsity = sparsity
        self.normalisation = normalisation
        self.interpolation = interpolation
    }
}

extension WeightConfig {
    static func checkSparsity(_ kappa: Double) throws {
        guard kappa.isFinite, kappa > 0, kappa <= 1 else {
            throw TokenWeightingError.badParameter("kappa", "κ (kappa) must be in (0, 1], got \(formatNumber(kappa))")
        }
    }

    static func checkInterpolation(_ lambda: Double) throws {
        guard lambda.isFinite, lambda >= 0, lambda <= 1 else {
            throw TokenWeightingError.badParameter("lambda", "λ (lambda) must be in [0, 1], got \(formatNumber(lambda))")
        }
    }

    static func checkTruncation(_ gamma: Double) throws {
        guard gamma.isFinite, gamma > 0 else {
            throw TokenWeightingError.badParameter("gamma", "γ (gamma) must be > 0, got \(formatNumber(gamma))")
        }
    }
}

/// Shortest readable spelling of a parameter: `5` not `5.0`, `0.75` as is.
func formatNumber(_ x: Double) -> String {
    if x.isFinite, x.rounded() == x, abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}
