"""Generated files (README, CONTRIBUTING, the schema): written atomically when they change, or
checked with ``--check``, as messages and an exit status rather than printing.

The CLI prints what these functions return; the entry point
(:mod:`effplm_catalog.launcher`) runs ``effplm readme`` with them without importing click.
"""

from __future__ import annotations

from pathlib import Path

from .fsutil import write_text_atomic

COMMANDS = {"README": "readme", "CONTRIBUTING": "readme", "schema": "schema"}
"""The command that regenerates each kind of file."""


def write_or_check(path: Path, text: str, check: bool, label: str) -> tuple[str, bool]:
    """Write ``text`` to ``path`` atomically (unless it is already there), or with ``check``
    compare it: what to tell the user (lines for standard error) and whether all is well."""
    try:
        same = path.read_bytes() == text.encode("utf-8")  # the usual case, without decoding megabytes
    except FileNotFoundError:
        if check:
            return f"effplm: error: {label} {path} does not exist; run without --check to write it\n", False
        same = False
    if check:
        current = text if same else path.read_text(encoding="utf-8")  # line ends as the checkout has them
        if current != text:
            import difflib

            diff = difflib.unified_diff(
                current.splitlines(), text.splitlines(), f"{path} (committed)", f"{path} (generated)", lineterm="", n=1
            )
            shown = "\n".join(list(diff)[:60])
            stale = f"effplm: error: {label} {path} is stale; run `effplm {COMMANDS[label]}` and commit the result\n"
            return f"{shown}\n{stale}", False
        return f"effplm: {label} {path} is up to date\n", True
    if same:
        return f"effplm: {label} {path} unchanged\n", True
    write_text_atomic(path, text)
    return f"effplm: wrote {label} {path}\n", True


def readme_command(root: Path | None, check: bool, output: Path | None) -> tuple[str, int]:
    """``effplm readme``: README.md (or ``output``) and CONTRIBUTING.md regenerated or checked;
    standard error and the exit code. Raises the errors the CLI reports (an invalid catalog:
    nothing is written)."""
    from .catalog import load_records
    from .project import Project
    from .records import paused_gc
    from .render.markdown import make_environment
    from .render.readme import (
        CONTRIBUTING_TEMPLATE,
        TEMPLATE,
        readme_view,
        record_parts,
        render_contributing,
        render_parts,
    )

    project = Project(root) if root is not None else Project.find()

    def compile_templates() -> None:  # while forked processes start parsing
        environment = make_environment(project.templates_dir)
        for name in (TEMPLATE, CONTRIBUTING_TEMPLATE) if output is None else (TEMPLATE,):
            environment.get_template(name)

    # Each process that parses records also makes their README entries (see load_records).
    # The collector stays paused from loading to rendering: turned on in between, its first pass
    # would walk every object the load made (a fifth of the rendering time at 10,000 records).
    with paused_gc():
        records, vocab = load_records(project, view=readme_view, meanwhile=compile_templates)
        text = render_parts(record_parts(records, vocab), project.templates_dir)
        said, ok = write_or_check(output or project.readme, text, check, "README")
    if ok and output is None:
        more, ok = write_or_check(
            project.root / "CONTRIBUTING.md", render_contributing(vocab, project.templates_dir), check, "CONTRIBUTING"
        )
        said += more
    return said, 0 if ok else 1
