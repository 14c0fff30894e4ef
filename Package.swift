// swift-tools-version:6.0
// `lab`: a notebook-style experiment runner for long-context language-model research.
// Modules point one way:
//   lab → LabCLI → {Pipeline, Ledger, Notebook, Recipes, Operations, Statistics}
//   Operations → {Engine, Tasks, CSQLite} ; Engine → Kernels → {COpenBLAS, FusedAttention(AVX512)}
//   Recipes → YAML → CYAML ; Ledger → {CSQLite, Statistics} ; everything → LabCore
//   Statistics depends on nothing (so any module may use it)
import PackageDescription
import Foundation

// The kernels' SIMD8 loops (exp, softmax, SwiGLU, norms, the optimizer) compile to 256-bit AVX2
// instructions instead of SSE on x86-64: Haswell (2013) and later Intel, every AMD Zen. Floating
// point is not contracted into FMA, so every result keeps its bits (what `lab verify` checks).
// LAB_GENERIC_CPU=1 at build time keeps the plain x86-64 baseline for older CPUs; `lab` checks
// the CPU at start (LabCLI/Support/CPUCheck.swift) and says so rather than crash.
#if arch(x86_64)
let vectorSettings: [SwiftSetting] = ProcessInfo.processInfo.environment["LAB_GENERIC_CPU"] == nil
    ? [.unsafeFlags(["-target-cpu", "haswell"]), .define("LAB_AVX2")] : []
// The fused attention kernels are built twice from the same files: for AVX2 as above, and for
// AVX-512 (FusedAttentionAVX512, chosen at run time on CPUs that have it). Both give the same bits.
let wideSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"]), .define("LAB_WIDE_LANES")]
#else
let vectorSettings: [SwiftSetting] = []
let wideSettings: [SwiftSetting] = [.define("LAB_WIDE_LANES")]
#endif

let package = Package(
    name: "lab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lab", targets: ["lab"]),
    ],
    targets: [
        // C libraries, each behind one small system-library target.
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),

        // Shared vocabulary: values, canonical JSON, SHA-256, the Operation protocol.
        .target(name: "LabCore"),
        // Mean, standard deviation, Student's t intervals, Welch's test: where results are compared.
        .target(name: "Statistics", exclude: ["STATISTICS.md"]),
        // YAML node tree with marks, over libyaml.
        .target(name: "YAML", dependencies: ["CYAML"]),
        // Fused causal attention (forward, backward), no dependencies; FusedAttentionAVX512 holds
        // links to the same files.
        .target(name: "FusedAttention", swiftSettings: vectorSettings),
        .target(name: "FusedAttentionAVX512", swiftSettings: wideSettings),
        // Tensor kernels over OpenBLAS.
        .target(name: "Kernels", dependencies: ["COpenBLAS", "FusedAttention", "FusedAttentionAVX512", "LabCore"],
                swiftSettings: vectorSettings),
        // The transformer: forward, backward, training, inference, checkpoints.
        .target(name: "Engine", dependencies: ["Kernels", "LabCore"], exclude: ["CHECKPOINTS.md"],
                swiftSettings: vectorSettings),
        // Generated data tasks and the byte-level BPE tokenizer.
        .target(name: "Tasks", dependencies: ["LabCore"]),
        // Built-in operations (shell, corpus, tokenizer, train, score, evaluate, qa-eval, retrieve, ...);
        // retrieve ranks chunks with SQLite FTS5 in an in-memory database.
        .target(name: "Operations", dependencies: ["LabCore", "Engine", "Kernels", "Tasks", "CSQLite"],
                exclude: ["TokenWeighting/WEIGHTS.md"]),
        // Recipes: parse, validate, expand sweeps, resolve references.
        .target(name: "Recipes", dependencies: ["LabCore", "YAML"], exclude: ["RECIPES.md"]),
        // DAG, cache keys, content-addressed store, executor.
        .target(name: "Pipeline", dependencies: ["LabCore"], exclude: ["PIPELINE.md"]),
        // The SQLite ledger of runs, steps, artifacts and metrics.
        .target(name: "Ledger", dependencies: ["LabCore", "CSQLite", "Statistics"], exclude: ["LEDGER.md"]),
        // Notebooks: HTML and Markdown, inline SVG plots.
        .target(name: "Notebook", dependencies: ["LabCore"]),
        // Commands; the only place errors become exit codes.
        .target(name: "LabCLI", dependencies: ["LabCore", "Recipes", "Pipeline", "Ledger",
                                               "Notebook", "Operations", "Engine", "Kernels", "Tasks",
                                               "Statistics"]),
        // The Swift runtime and Foundation are linked into the binary on Linux: resolving their
        // symbols at every start cost 3–5 ms of each `lab` command (README, "A first run"). The modules
        // were compiled against the shared Foundation, whose own dependencies are named here.
        .executableTarget(name: "lab", dependencies: ["LabCLI"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-lCoreFoundation", "-l_FoundationCShims",
                                                         "-l_FoundationCollections", "-l_FoundationICU",
                                                         "-lswiftSynchronization"], .when(platforms: [.linux]))]),

        .testTarget(name: "LabCoreTests", dependencies: ["LabCore"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "RecipesTests", dependencies: ["Recipes"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "LabCore", "FusedAttention", "FusedAttentionAVX512"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "LabCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "LabCore"]),
        .testTarget(name: "OperationsTests", dependencies: ["Operations", "LabCore"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "LabCore"]),
        .testTarget(name: "CLITests", dependencies: ["LabCLI"], exclude: ["Fixtures"]),
    ]
)
