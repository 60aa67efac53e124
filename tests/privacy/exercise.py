"""Every engine path a cell value goes through, on the canary files: read, check, fix,
edit, every export and report, the dashboard, the identifier match and the history
store, then the command line's check, fix, match and template.

The same run serves the log test (in this process, at DEBUG) and the temporary-file
test (in a process of its own: `python -m tests.privacy.exercise FOLDER`, with its
temporary folder and home redirected and its writes recorded). Files are written only
where a user would ask for them: the command line's outputs and the history database,
all under FOLDER/out.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from checks import (
    ExportOptions,
    apply_fixes,
    check_table,
    demo_definitions,
    error_report,
    export_csv,
    match_identifiers,
    read_table,
    recheck_with_edits,
    split_by_errors,
    suggest_columns,
)
from checks.cli.main import main as cli
from checks.export.csv import findings_csv
from checks.store.database import Store
from checks.store.history import CheckSummary
from checks.views.dashboard import build_dashboard, dashboard_figures, dashboard_html
from checks.views.history import history_csv, history_table
from checks.views.match import (
    Sides,
    advice_table,
    lines_csv,
    pair_table,
    problem_table,
    problem_values,
    values_csv,
)
from tests.privacy.canary import (
    BILLING_NAME,
    CUSTOMERS_NAME,
    SALESFORCE_NAME,
    TOKEN,
    write_files,
)


def engine_outputs(folder: Path, token: str = TOKEN) -> list[bytes | str]:
    """Run every in-memory path on the canary files under `folder`; return what each
    export produced (so the caller can check the values did reach them)."""
    inputs = write_files(folder / "in", token)
    definitions = demo_definitions()
    table = read_table(inputs[CUSTOMERS_NAME].read_bytes(), CUSTOMERS_NAME)
    result = check_table(table, definitions)
    fixed = apply_fixes(result)
    final = recheck_with_edits(fixed, {(2, 0): f"{token} edited"})
    accepted, rejected = split_by_errors(final.table, final.result.findings)
    mapping = final.result.mapping
    outputs: list[bytes | str] = [
        export_csv(final.table, mapping),
        export_csv(final.table, mapping, ExportOptions(neutralise_formulas=True, bom=True)),
        export_csv(accepted, mapping), export_csv(rejected, mapping),
        findings_csv(final.result.findings),
        error_report(final.result, final.changes),
    ]
    board = build_dashboard(result, final.result.findings)
    dashboard_figures(board)
    outputs.append(dashboard_html(board, file_name=CUSTOMERS_NAME,
                                  organization=definitions.organization,
                                  when=datetime(2026, 1, 1, tzinfo=UTC)))

    left = read_table(inputs[BILLING_NAME].read_bytes(), BILLING_NAME)
    right = read_table(inputs[SALESFORCE_NAME].read_bytes(), SALESFORCE_NAME)
    suggest_columns(left, right)
    matched = match_identifiers(left, "NetSuite Id", right, "NetSuite Id",
                                left_name=BILLING_NAME, right_name=SALESFORCE_NAME)
    sides = Sides("billing", "Salesforce")
    advice_table(matched, sides)
    problem_table(problem_values(matched), sides)
    pair_table(matched, sides)
    outputs += [values_csv(matched), lines_csv(matched, "left"), lines_csv(matched, "right")]

    out = folder / "out"
    out.mkdir(exist_ok=True)
    engine = sa.create_engine(f"sqlite:///{out / 'history.db'}")
    try:
        store = Store(engine)
        store.migrate()
        store.record_check(CheckSummary.of(result, CUSTOMERS_NAME, 1))
        history = store.history()
        history_table(history, UTC)
        outputs.append(history_csv(history, UTC))
    finally:
        engine.dispose()
    return outputs


def command_line_runs(folder: Path) -> list[tuple[list[str], int, str, str]]:
    """The command line on the canary files: (arguments, exit status, stdout, stderr)
    of each run. Outputs go to `folder`/out."""
    inputs, out = folder / "in", folder / "out"
    out.mkdir(exist_ok=True)
    customers = str(inputs / CUSTOMERS_NAME)
    match = ["match", str(inputs / BILLING_NAME), str(inputs / SALESFORCE_NAME),
             "--left-column", "NetSuite Id", "--right-column", "NetSuite Id"]
    runs = [
        ["check", customers], ["check", customers, "--format", "json"],
        ["fix", customers, "--out", str(out / "fixed.csv"), "--rejects",
         str(out / "rejects.csv"), "--report", str(out / "report.xlsx")],
        ["fix", customers, "--out", str(out / "fixed_json.csv"), "--format", "json",
         "--neutralise-formulas"],
        match, [*match, "--format", "json"],
        ["template", "all", "--out", str(out / "template.csv")],
    ]
    done = []
    for arguments in runs:
        stdout, stderr = io.StringIO(), io.StringIO()
        status = cli(arguments, stdout=stdout, stderr=stderr)
        done.append((arguments, status, stdout.getvalue(), stderr.getvalue()))
    return done


def main(folder: str) -> int:
    """Both runs; the command line's stderr goes to this process's stderr (which the
    test reads), its intended output nowhere."""
    engine_outputs(Path(folder))
    for arguments, status, _stdout, stderr in command_line_runs(Path(folder)):
        sys.stderr.write(stderr)
        if status not in (0, 1):
            sys.stderr.write(f"exit status {status} for {arguments[0]}\n")
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
