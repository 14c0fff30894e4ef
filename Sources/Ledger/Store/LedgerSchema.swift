/// The ledger's schema as an ordered list of migrations. `PRAGMA user_version` holds how many
/// have been applied; opening a ledger applies the missing ones in one write transaction.
/// Never edit a shipped migration: append a new one. Documented in LEDGER.md.
enum LedgerSchema {
    static var currentVersion: Int { migrations.count }

    static let migrations: [String] = [
        // 1: tables.
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recipe_name TEXT NOT NULL,
            recipe_path TEXT NOT NULL,
            recipe_text TEXT NOT NULL,
            resolved_json TEXT NOT NULL,
            profile TEXT,
            overrides_json TEXT NOT NULL,
            command TEXT NOT NULL,
            lab_version TEXT NOT NULL,
            host TEXT NOT NULL,
            blas TEXT NOT NULL,
            threads INTEGER NOT NULL,
            jobs INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted'))
        );
        CREATE TABLE results (
            key TEXT PRIMARY KEY,
            op TEXT NOT NULL,
            op_version INTEGER NOT NULL,
            step_name TEXT NOT NULL,
            step_id TEXT NOT NULL,
            variant_json TEXT NOT NULL,
            params_json TEXT NOT NULL,
            seconds REAL NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            artifact_dir TEXT NOT NULL
        );
        CREATE TABLE metrics (
            key TEXT NOT NULL REFERENCES results(key) ON DELETE CASCADE,
            name TEXT NOT NULL,
            iteration INTEGER,
            value REAL
        );
        CREATE TABLE artifacts (
            key TEXT NOT NULL REFERENCES results(key) ON DELETE CASCADE,
            path TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (key, path)
        );
        CREATE TABLE params (
            key TEXT NOT NULL REFERENCES results(key) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('param', 'sweep')),
            type TEXT NOT NULL CHECK (type IN ('string', 'number', 'bool', 'null', 'list', 'step')),
            value_text TEXT NOT NULL,
            value_number REAL,
            PRIMARY KEY (key, name)
        ) WITHOUT ROWID;
        CREATE TABLE steps (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step_id TEXT NOT NULL,
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            op TEXT NOT NULL,
            op_version INTEGER NOT NULL,
            variant_json TEXT NOT NULL,
            params_json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ran', 'cached', 'failed', 'skipped', 'cancelled')),
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            error TEXT,
            log_tail TEXT,
            step_order INTEGER NOT NULL,
            title TEXT,
            note TEXT,
            artifact_dir TEXT,
            PRIMARY KEY (run_id, step_id)
        );
        """,
        // 2: indexes for filters and look-ups, and the documented read-only views.
        """
        -- Covering (value included) for filters; one scalar per (key, name) is kept by the writer.
        CREATE UNIQUE INDEX metrics_scalar ON metrics(key, name, value) WHERE iteration IS NULL;
        CREATE UNIQUE INDEX metrics_series ON metrics(key, name, iteration) WHERE iteration IS NOT NULL;
        CREATE INDEX params_name ON params(name, type);
        CREATE INDEX steps_key ON steps(key);
        CREATE INDEX steps_step ON steps(step_id, run_id);
        CREATE INDEX results_run ON results(run_id);

        CREATE VIEW run_summary AS
        SELECT r.id AS run, r.recipe_name AS recipe, r.profile, r.status,
               r.started_at AS started, r.finished_at AS finished,
               ROUND((julianday(r.finished_at) - julianday(r.started_at)) * 86400.0, 3) AS seconds,
               COUNT(CASE WHEN s.status = 'ran' THEN 1 END) AS ran,
               COUNT(CASE WHEN s.status = 'cached' THEN 1 END) AS cached,
               COUNT(CASE WHEN s.status = 'failed' THEN 1 END) AS failed,
               COUNT(CASE WHEN s.status = 'skipped' THEN 1 END) AS skipped,
               COUNT(CASE WHEN s.status = 'cancelled' THEN 1 END) AS cancelled,
               r.overrides_json AS overrides, r.command, r.lab_version, r.host, r.blas, r.threads, r.jobs
        FROM runs r LEFT JOIN steps s ON s.run_id = r.id
        GROUP BY r.id;

        CREATE VIEW step_results AS
        SELECT s.run_id AS run, s.step_id AS step, s.name AS step_name, s.status, s.key, s.op,
               s.seconds, s.started_at AS started, s.variant_json AS variant, s.params_json AS params,
               CASE WHEN s.status IN ('ran', 'cached') THEN
                   (SELECT json_group_object(m.name, m.value) FROM metrics m
                    WHERE m.key = s.key AND m.iteration IS NULL) END AS metrics,
               CASE WHEN s.status IN ('ran', 'cached') THEN res.run_id END AS computed_by,
               s.artifact_dir, s.error
        FROM steps s LEFT JOIN results res ON res.key = s.key;

        CREATE VIEW metric_values AS
        SELECT m.key, res.step_id AS step, res.step_name, m.name AS metric, m.iteration, m.value,
               res.run_id AS computed_by
        FROM metrics m JOIN results res ON res.key = m.key;

        CREATE VIEW param_values AS
        SELECT p.key, res.step_id AS step, res.step_name, p.name AS param, p.kind, p.type,
               p.value_text AS value, p.value_number AS number
        FROM params p JOIN results res ON res.key = p.key;

        CREATE VIEW artifact_files AS
        SELECT a.key, res.step_id AS step, res.artifact_dir || '/' || a.path AS path, a.bytes, a.sha256
        FROM artifacts a JOIN results res ON res.key = a.key;
        """,
        // 3: the threads each executed step computed with (decided per step when it starts).
        """
        ALTER TABLE steps ADD COLUMN threads INTEGER;

        DROP VIEW step_results;
        CREATE VIEW step_results AS
        SELECT s.run_id AS run, s.step_id AS step, s.name AS step_name, s.status, s.key, s.op,
               s.seconds, s.started_at AS started, s.variant_json AS variant, s.params_json AS params,
               CASE WHEN s.status IN ('ran', 'cached') THEN
                   (SELECT json_group_object(m.name, m.value) FROM metrics m
                    WHERE m.key = s.key AND m.iteration IS NULL) END AS metrics,
               CASE WHEN s.status IN ('ran', 'cached') THEN res.run_id END AS computed_by,
               s.artifact_dir, s.error, s.threads
        FROM steps s LEFT JOIN results res ON res.key = s.key;
        """,
        // 4: run status `abandoned` (its process died), step statuses `pending` (recorded when the
        // run begins) and `abandoned`. SQLite cannot alter a CHECK: both tables are rebuilt
        // (foreign keys off, see `migrate`), their data copied, indexes and views recreated.
        """
        DROP VIEW run_summary;
        DROP VIEW step_results;

        CREATE TABLE runs_rebuilt (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recipe_name TEXT NOT NULL,
            recipe_path TEXT NOT NULL,
            recipe_text TEXT NOT NULL,
            resolved_json TEXT NOT NULL,
            profile TEXT,
            overrides_json TEXT NOT NULL,
            command TEXT NOT NULL,
            lab_version TEXT NOT NULL,
            host TEXT NOT NULL,
            blas TEXT NOT NULL,
            threads INTEGER NOT NULL,
            jobs INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'abandoned'))
        );
        INSERT INTO runs_rebuilt SELECT * FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_rebuilt RENAME TO runs;

        CREATE TABLE steps_rebuilt (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step_id TEXT NOT NULL,
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            op TEXT NOT NULL,
            op_version INTEGER NOT NULL,
            variant_json TEXT NOT NULL,
            params_json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ran', 'cached', 'failed', 'skipped', 'cancelled', 'pending', 'abandoned')),
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            error TEXT,
            log_tail TEXT,
            step_order INTEGER NOT NULL,
            title TEXT,
            note TEXT,
            artifact_dir TEXT,
            threads INTEGER,
            PRIMARY KEY (run_id, step_id)
        );
        INSERT INTO steps_rebuilt SELECT * FROM steps;
        DROP TABLE steps;
        ALTER TABLE steps_rebuilt RENAME TO steps;
        CREATE INDEX steps_key ON steps(key);
        CREATE INDEX steps_step ON steps(step_id, run_id);
        CREATE INDEX runs_status ON runs(status);

        CREATE VIEW run_summary AS
        SELECT r.id AS run, r.recipe_name AS recipe, r.profile, r.status,
               r.started_at AS started, r.finished_at AS finished,
               ROUND((julianday(r.finished_at) - julianday(r.started_at)) * 86400.0, 3) AS seconds,
               COUNT(CASE WHEN s.status = 'ran' THEN 1 END) AS ran,
               COUNT(CASE WHEN s.status = 'cached' THEN 1 END) AS cached,
               COUNT(CASE WHEN s.status = 'failed' THEN 1 END) AS failed,
               COUNT(CASE WHEN s.status = 'skipped' THEN 1 END) AS skipped,
               COUNT(CASE WHEN s.status = 'cancelled' THEN 1 END) AS cancelled,
               r.overrides_json AS overrides, r.command, r.lab_version, r.host, r.blas, r.threads, r.jobs,
               COUNT(CASE WHEN s.status = 'abandoned' THEN 1 END) AS abandoned
        FROM runs r LEFT JOIN steps s ON s.run_id = r.id
        GROUP BY r.id;

        CREATE VIEW step_results AS
        SELECT s.run_id AS run, s.step_id AS step, s.name AS step_name, s.status, s.key, s.op,
               s.seconds, s.started_at AS started, s.variant_json AS variant, s.params_json AS params,
               CASE WHEN s.status IN ('ran', 'cached') THEN
                   (SELECT json_group_object(m.name, m.value) FROM metrics m
                    WHERE m.key = s.key AND m.iteration IS NULL) END AS metrics,
               CASE WHEN s.status IN ('ran', 'cached') THEN res.run_id END AS computed_by,
               s.artifact_dir, s.error, s.threads
        FROM steps s LEFT JOIN results res ON res.key = s.key;
        """,
        // 5: indexes from a name and value to the keys that have it, so `--where` reads only the
        // keys a comparison selects (FilterCompiler); the order of results (all, or the selected
        // keys) read from small covering indexes instead of the wide result rows.
        """
        CREATE INDEX params_by_text ON params(name, value_text, type);
        CREATE INDEX params_by_number ON params(name, value_number);
        CREATE INDEX metrics_by_value ON metrics(name, value, key, iteration) WHERE iteration IS NULL;
        CREATE INDEX results_order ON results(run_id, step_id, key);
        CREATE INDEX results_by_key ON results(key, run_id, step_id);
        """,
        // 6: grid results. A matrix is one row (its labels and row-major values as JSON arrays, a
        // missing cell null) with its summary over the finite cells computed when recorded; a
        // record (one item of a result's per-item list: a NIAH sample) is one row with its JSON,
        // so thousands of them are read one set, or one page, at a time. Views expand them.
        """
        CREATE TABLE matrices (
            key TEXT NOT NULL REFERENCES results(key) ON DELETE CASCADE,
            name TEXT NOT NULL,
            row_name TEXT NOT NULL,
            column_name TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            column_count INTEGER NOT NULL,
            row_labels_json TEXT NOT NULL,
            column_labels_json TEXT NOT NULL,
            values_json TEXT NOT NULL,
            cells INTEGER NOT NULL,
            mean REAL,
            min REAL,
            max REAL,
            PRIMARY KEY (key, name)
        );
        CREATE TABLE records (
            key TEXT NOT NULL REFERENCES results(key) ON DELETE CASCADE,
            name TEXT NOT NULL,
            item INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (key, name, item)
        );

        CREATE VIEW matrix_summaries AS
        SELECT m.key, res.step_id AS step, res.step_name, m.name AS matrix, m.row_name, m.column_name,
               m.row_count AS rows, m.column_count AS columns, m.cells, m.mean, m.min, m.max,
               res.run_id AS computed_by
        FROM matrices m JOIN results res ON res.key = m.key;

        CREATE VIEW matrix_cells AS
        SELECT m.key, res.step_id AS step, res.step_name, m.name AS matrix,
               m.row_name, c.key / m.column_count AS row_index,
               json_extract(m.row_labels_json, '$[' || (c.key / m.column_count) || ']') AS row_label,
               m.column_name, c.key % m.column_count AS column_index,
               json_extract(m.column_labels_json, '$[' || (c.key % m.column_count) || ']') AS column_label,
               c.value, res.run_id AS computed_by
        FROM matrices m JOIN results res ON res.key = m.key, json_each(m.values_json) c;

        CREATE VIEW record_values AS
        SELECT r.key, res.step_id AS step, res.step_name, r.name AS record_set, r.item, r.json,
               res.run_id AS computed_by
        FROM records r JOIN results res ON res.key = r.key;
        """,
        // 7: run management. A run may have a name (unique: `lab show NAME` finds it), a note,
        // and tags (`run_tags`, removed with their run); `run_summary` gains name, tags, note.
        """
        ALTER TABLE runs ADD COLUMN name TEXT;
        ALTER TABLE runs ADD COLUMN note TEXT;
        CREATE UNIQUE INDEX runs_name ON runs(name) WHERE name IS NOT NULL;
        CREATE INDEX runs_recipe ON runs(recipe_name, id);
        CREATE TABLE run_tags (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (run_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX run_tags_by_tag ON run_tags(tag, run_id);

        DROP VIEW run_summary;
        CREATE VIEW run_summary AS
        SELECT r.id AS run, r.recipe_name AS recipe, r.profile, r.status,
               r.started_at AS started, r.finished_at AS finished,
               ROUND((julianday(r.finished_at) - julianday(r.started_at)) * 86400.0, 3) AS seconds,
               COUNT(CASE WHEN s.status = 'ran' THEN 1 END) AS ran,
               COUNT(CASE WHEN s.status = 'cached' THEN 1 END) AS cached,
               COUNT(CASE WHEN s.status = 'failed' THEN 1 END) AS failed,
               COUNT(CASE WHEN s.status = 'skipped' THEN 1 END) AS skipped,
               COUNT(CASE WHEN s.status = 'cancelled' THEN 1 END) AS cancelled,
               r.overrides_json AS overrides, r.command, r.lab_version, r.host, r.blas, r.threads, r.jobs,
               COUNT(CASE WHEN s.status = 'abandoned' THEN 1 END) AS abandoned,
               r.name,
               (SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag) t) AS tags,
               r.note
        FROM runs r LEFT JOIN steps s ON s.run_id = r.id
        GROUP BY r.id;
        """,
        // 8: the Slurm job that ran a step (lab run --executor slurm).
        """
        ALTER TABLE steps ADD COLUMN job TEXT;
        """,
    ]

    /// The views `lab query --views` lists, in order.
    static let viewNames = ["run_summary", "step_results", "metric_values", "param_values", "artifact_files",
                            "matrix_summaries", "matrix_cells", "record_values"]

    /// Brings a read-write connection up to `target` (default: current). Refuses a newer ledger.
    static func migrate(_ db: SQLiteConnection, upTo target: Int = currentVersion) throws {
        // The common case, an up-to-date ledger, needs no write lock.
        if try db.integer("PRAGMA user_version") == target { return }
        // Rebuilding a table (migration 4) drops one that others reference: foreign keys are
        // off meanwhile (a pragma that has no effect inside a transaction) and checked at the end.
        try db.execute("PRAGMA foreign_keys = OFF")
        defer { try? db.execute("PRAGMA foreign_keys = ON") }
        try db.writeTransaction {
            let found = try db.integer("PRAGMA user_version")
            guard found <= currentVersion else {
                throw LedgerError.newerSchema(path: db.path, found: found, supported: currentVersion)
            }
            guard found < target else { return }
            for version in found..<target { try db.execute(migrations[version]) }
            let broken = try db.rows("PRAGMA foreign_key_check") { $0.text(0) }
            guard broken.isEmpty else { throw LedgerError.corrupt("migration left rows referencing missing rows in \(Set(broken).sorted())") }
            try db.execute("PRAGMA user_version = \(target)")
        }
    }
}
