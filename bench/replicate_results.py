#!/usr/bin/env python3
"""Grows a ledger that `lab run` filled with bench/ledger-2000.sh's 2,000 results to N results.

What it does, exactly: for copy c = 1 .. N/2000 - 1 and every result `lab` recorded (all from
one run), it inserts a new result whose only change is its sweep value `trial`: t -> t + 20*c
(so trial spans 0 .. N/100 - 1). Per copy and result it writes, in one transaction:
  - results: same columns; key = sha256(old key + ":" + c) (64 hex digits, like lab's keys);
    variant_json's trial and params_json's env.TRIAL edited in place (the canonical JSON lab wrote
    stays canonical: one integer changes); artifact_dir = artifacts/<new key>;
  - params: the original's rows under the new key, with the value_text / value_number of trial
    and env.TRIAL (the recipe passes the sweep value on as $TRIAL) new;
  - metrics: niah, loss, acc, ppl, tokens recomputed with the recipe's own awk formula from the
    new trial (same printf rounding), so niah keeps its spread over [0, 1);
  - artifacts: the original's rows under the new key (the files are not copied to disk: `lab
    fsck` would report them missing; `lab results` never reads them);
  - steps: the original run's step row under the new key and step id (trial edited), so the run
    reads as one run of N steps (`run = 1` keeps its meaning).
Column values not listed are copied unchanged. Nothing is written when the ledger does not hold
exactly 2,000 results.

Usage: replicate_results.py LEDGER N
"""
import hashlib
import re
import sqlite3
import sys


def niah_metrics(scheme, dim, lr, trial, layers):
    h = (len(scheme) * 7919 + dim * 131 + int(lr * 100000) * 17 + trial * 2654435) % 1000
    niah = h / 1000
    # The recipe prints with %.3f / %.4f and lab parses those texts: do the same.
    return {
        "niah": float("%.3f" % niah), "loss": float("%.4f" % (1 + niah)), "acc": float("%.4f" % (niah / 2)),
        "ppl": float("%.4f" % (3 - niah)), "tokens": float(dim * layers * 10),
    }


def with_trial(text, trial):
    """The sweep value `trial` and its copy env.TRIAL, edited in lab's canonical JSON."""
    return re.subn(r'"(trial|TRIAL)":\d+', lambda m: '"%s":%d' % (m.group(1), trial), text)


def main():
    path, total = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    originals = db.execute("SELECT key FROM results ORDER BY key").fetchall()
    if len(originals) != 2000 or total % 2000:
        sys.exit("expected a ledger of exactly 2000 results and N a multiple of 2000")
    result_cols = [r[1] for r in db.execute("PRAGMA table_info(results)")]
    step_cols = [r[1] for r in db.execute("PRAGMA table_info(steps)")]
    base = {}
    for (key,) in originals:
        row = dict(zip(result_cols, db.execute("SELECT * FROM results WHERE key = ?", (key,)).fetchone()))
        params = {name: (kind, typ, text, num) for name, kind, typ, text, num in
                  db.execute("SELECT name, kind, type, value_text, value_number FROM params WHERE key = ?", (key,))}
        artifacts = db.execute("SELECT path, bytes, sha256 FROM artifacts WHERE key = ?", (key,)).fetchall()
        step = db.execute("SELECT * FROM steps WHERE key = ? ORDER BY run_id LIMIT 1", (key,)).fetchone()
        base[key] = (row, params, artifacts, dict(zip(step_cols, step)))
    order = db.execute("SELECT COALESCE(MAX(step_order), 0) FROM steps").fetchone()[0]
    db.execute("BEGIN")
    for c in range(1, total // 2000):
        for key, (row, params, artifacts, step) in base.items():
            trial = int(params["trial"][3]) + 20 * c
            new_key = hashlib.sha256(("%s:%d" % (key, c)).encode()).hexdigest()
            new = dict(row)
            new["key"], new["artifact_dir"] = new_key, "artifacts/" + new_key
            new["variant_json"], n1 = with_trial(row["variant_json"], trial)
            new["params_json"], n2 = with_trial(row["params_json"], trial)
            step_id, n3 = re.subn(r"trial=\d+", "trial=%d" % trial, row["step_id"])
            if (n1, n2, n3) != (1, 1, 1):
                sys.exit("unexpected shape of %s: %r" % (key, row))
            new["step_id"] = step_id
            db.execute("INSERT INTO results (%s) VALUES (%s)" % (", ".join(new), ", ".join("?" * len(new))),
                       list(new.values()))
            for name, (kind, typ, text, num) in params.items():
                if name in ("trial", "env.TRIAL"):
                    text, num = str(trial), float(trial)
                db.execute("INSERT INTO params (key, name, kind, type, value_text, value_number) VALUES (?, ?, ?, ?, ?, ?)",
                           (new_key, name, kind, typ, text, num))
            scheme = params["scheme"][2]
            dim, lr, layers = int(params["dim"][3]), params["lr"][3], int(params["env.LAYERS"][3])
            for name, value in niah_metrics(scheme, dim, lr, trial, layers).items():
                db.execute("INSERT INTO metrics (key, name, iteration, value) VALUES (?, ?, NULL, ?)", (new_key, name, value))
            for p, b, s in artifacts:
                db.execute("INSERT INTO artifacts (key, path, bytes, sha256) VALUES (?, ?, ?, ?)", (new_key, p, b, s))
            order += 1
            st = dict(step)
            st.update(key=new_key, step_id=step_id, step_order=order, artifact_dir="artifacts/" + new_key)
            st["variant_json"], _ = with_trial(step["variant_json"], trial)
            st["params_json"], _ = with_trial(step["params_json"], trial)
            db.execute("INSERT INTO steps (%s) VALUES (%s)" % (", ".join(st), ", ".join("?" * len(st))), list(st.values()))
    db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main()
