import XCTest

/// A shell recipe with two schemes × three replicates (`repeat: 3`, the axis `rep`), whose
/// metrics are chosen so that every mean, sd and interval can be worked by hand. Replicate 3
/// of scheme b records no `loss` (a metric some rows lack) and a shorter curve.
///
///     scheme  rep  acc   loss  curve "loss" at iterations 0, 10, 20
///     a       1    0.80  2.31  3.1, 2.6, 2.31
///     a       2    0.82  2.29  3.0, 2.5, 2.29
///     a       3    0.87  2.35  3.2, 2.7, 2.35
///     b       1    0.60  2.30  3.3, 2.8, 2.30
///     b       2    0.65  2.36  3.4, 2.9, 2.36
///     b       3    0.70  –     3.5, 3.0
enum ReplicateRecipe {
    /// A fresh workspace where this recipe ran (the fixture of the `lab results` tests).
    static func runInWorkspace() throws -> RunTestWorkspace {
        let ws = try RunTestWorkspace()
        let run = ws.lab("run", try ws.write("reps.yaml", text))
        XCTAssertEqual(run.code, 0, run.out + run.err)
        return ws
    }

    static let text = """
    lab: 1
    name: replicates
    about: Two schemes, three replicates each.
    steps:
      train:
        title: Train
        op: shell
        sweep: {scheme: [a, b]}
        repeat: 3
        with:
          run: |
            case "$SCHEME-$REP" in
              a-1) echo '{"acc": 0.80, "loss": 2.31, "series": {"loss": [[0, 3.1], [10, 2.6], [20, 2.31]]}}' ;;
              a-2) echo '{"acc": 0.82, "loss": 2.29, "series": {"loss": [[0, 3.0], [10, 2.5], [20, 2.29]]}}' ;;
              a-3) echo '{"acc": 0.87, "loss": 2.35, "series": {"loss": [[0, 3.2], [10, 2.7], [20, 2.35]]}}' ;;
              b-1) echo '{"acc": 0.60, "loss": 2.30, "series": {"loss": [[0, 3.3], [10, 2.8], [20, 2.30]]}}' ;;
              b-2) echo '{"acc": 0.65, "loss": 2.36, "series": {"loss": [[0, 3.4], [10, 2.9], [20, 2.36]]}}' ;;
              b-3) echo '{"acc": 0.70, "series": {"loss": [[0, 3.5], [10, 3.0]]}}' ;;
            esac > "$LAB_METRICS"
          env: {SCHEME: "${sweep.scheme}", REP: "${sweep.rep}"}
    """

    // Worked by hand (t(0.975, 2) = 4.3026527, t(0.975, 1) = 12.7062047 from the t table):
    //   acc a {0.80, 0.82, 0.87}: mean 2.49/3 = 0.83; deviations −0.03, −0.01, 0.04, squares
    //     0.0009 + 0.0001 + 0.0016 = 0.0026, var 0.0013, sd 0.0360555; half-width
    //     4.3026527 × 0.0360555 / √3 = 0.0895669 → [0.7404331, 0.9195669]
    //   acc b {0.60, 0.65, 0.70}: mean 0.65; squares 0.0025 + 0 + 0.0025 = 0.005, var 0.0025,
    //     sd 0.05; half-width 4.3026527 × 0.05 / √3 = 0.1242069 → [0.5257931, 0.7742069]
    //   loss a {2.31, 2.29, 2.35}: mean 6.95/3 = 2.3166667; deviations −0.0066667, −0.0266667,
    //     0.0333333, squares 0.0000444 + 0.0007111 + 0.0011111 = 0.0018667, var 0.0009333,
    //     sd 0.0305505; half-width 4.3026527 × 0.0305505 / √3 = 0.0758917 → [2.2407750, 2.3925583]
    //   loss b {2.30, 2.36} (n = 2): mean 2.33; sd √(0.0009 + 0.0009) = 0.0424264; half-width
    //     12.7062047 × 0.0424264 / √2 = 12.7062047 × 0.03 = 0.3811861 → [1.9488139, 2.7111861]
    //   curve a at iteration 10 {2.6, 2.5, 2.7}: mean 2.6, sd 0.1, half 4.3026527 × 0.1 / √3 = 0.2484138
    //   curve b at iteration 20 {2.30, 2.36}: mean 2.33, half 0.3811861 (n = 2)
    struct Expected { var n: Int; var mean: Double; var sd: Double; var low: Double; var high: Double }
    static let accA = Expected(n: 3, mean: 0.83, sd: 0.0360555, low: 0.7404331, high: 0.9195669)
    static let accB = Expected(n: 3, mean: 0.65, sd: 0.05, low: 0.5257931, high: 0.7742069)
    static let lossA = Expected(n: 3, mean: 2.3166667, sd: 0.0305505, low: 2.2407750, high: 2.3925583)
    static let lossB = Expected(n: 2, mean: 2.33, sd: 0.0424264, low: 1.9488139, high: 2.7111861)
}
