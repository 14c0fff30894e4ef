import Foundation
import LabCore

/// One run's notebook: everything the renderers show, already taken from the ledger. In order:
/// title and about, verdicts, figures, sections (comparisons) — the question and its answer —
/// then a table of contents, the run's context with its recipe, the cells.
/// The renderers are pure functions of this value, so a notebook can be rewritten at any time
/// (`lab notebook RUN`) and is identical for the same ledger rows.
public struct NotebookDocument: Sendable {
    /// The recipe's `name`.
    public var title: String
    /// The recipe's `about` note (Markdown).
    public var about: String?
    public var runID: Int
    public var recipePath: String
    public var profile: String?
    /// `--set` overrides as typed, in command-line order.
    public var overrides: [(name: String, value: String)]
    public var status: RunStatus
    public var startedAt: Date
    /// Wall-clock seconds of the whole run; nil while it is still running.
    public var duration: Double?
    /// Lab version, host, BLAS, threads, … in display order.
    public var environment: [(name: String, value: String)]
    /// The recipe file's text as it was run (embedded so the notebook carries its recipe).
    public var recipeText: String?
    /// A command that runs this experiment again (shell-quoted), shown with the recipe.
    public var rerunCommand: String?
    /// The verdicts on the recipe's claims: the notebook opens with it, right after the title
    /// and the about text.
    public var verdicts: NotebookSection?
    /// The recipe's `figures:`, each a section, right after the verdicts: what answers the
    /// recipe's question at a glance.
    public var figures: [NotebookSection]
    /// Recipe-level sections (e.g. a comparison across sweep variants), after the run's context
    /// and before the cells.
    public var sections: [NotebookSection]
    /// One cell per step, in recipe order, last.
    public var cells: [NotebookCell]

    public init(title: String, about: String? = nil, runID: Int, recipePath: String, profile: String? = nil,
                overrides: [(name: String, value: String)] = [], status: RunStatus, startedAt: Date,
                duration: Double? = nil, environment: [(name: String, value: String)] = [],
                recipeText: String? = nil, rerunCommand: String? = nil,
                cells: [NotebookCell] = [], sections: [NotebookSection] = [], verdicts: NotebookSection? = nil,
                figures: [NotebookSection] = []) {
        self.title = title
        self.about = about
        self.runID = runID
        self.recipePath = recipePath
        self.profile = profile
        self.overrides = overrides
        self.status = status
        self.startedAt = startedAt
        self.duration = duration
        self.environment = environment
        self.recipeText = recipeText
        self.rerunCommand = rerunCommand
        self.cells = cells
        self.sections = sections
        self.verdicts = verdicts
        self.figures = figures
    }
}
