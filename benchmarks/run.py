"""Speed and memory of effplm on synthetic catalogs, against the budgets curators feel, in one run.

    python benchmarks/run.py                       # 1,348, 1,500, 5,000 and 10,000 records
    python benchmarks/run.py --sizes 1500,5000 --site-sizes ""

Every command runs in its own process, as a curator runs it, and its peak memory
comes from the operating system (``wait4``). Each command line runs ``--repeat``
times (5), a libyaml parse of the same files and effplm alternating (a burst of
load from elsewhere then slows one run of each, not every run of one), and the
quickest run counts. The table and a plot are printed and written into
docs/benchmarks.md between the results markers; the exit code is 1 when a budget
is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, copy_setup, make_catalog

_SCRIPT = Path(sys.executable).with_name("effplm")
EFFPLM = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "effplm_catalog"]
"""The command a curator runs: the installed script (``python -m effplm_catalog`` without one)."""
PARSE = """
import sys, yaml
from pathlib import Path
loader = getattr(yaml, sys.argv[2])
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=loader)
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "EFFPLM_NO_CACHE")}
"""Commands run as on a curator's machine: Python keeps its bytecode cache, effplm its record cache."""


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=cwd, env={**ENV, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err[-2000:]}")
    return Measure(seconds, usage.ru_maxrss / 1024)


def best(measures: list[Measure]) -> Measure:
    """The quickest of repeated runs (other load on the machine only ever adds time) and the largest peak."""
    return Measure(min(m.seconds for m in measures), max(m.peak_mb for m in measures))


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".effplm-cache", ignore_errors=True)


def touch_one(root: Path) -> None:
    """Edit one record as a curator would (a comment added), so its bytes change."""
    first = min((root / "papers").glob("*.yaml"))
    first.write_text(first.read_text(encoding="utf-8") + f"# edited {time.perf_counter_ns()}\n", encoding="utf-8")


def bench_size(work: Path, n: int, site: bool, repeat: int) -> dict[str, Measure]:
    root = work / f"catalog-{n}"
    if not (root / "papers").is_dir() or len(list((root / "papers").iterdir())) != n:
        print(f"making {n:,} records...", file=sys.stderr)
        make_catalog(root, n)
    copy_setup(root)
    papers = str(root / "papers")
    readme = ["readme", "--output", str(root / "README.md")]
    # Warm-up: the files in the page cache and Python's bytecode written, for every command alike.
    run([sys.executable, "-c", PARSE, papers, "CSafeLoader"], root)
    clear_cache(root)
    run([*EFFPLM, *readme], root)
    runs: dict[str, list[Measure]] = {}
    for _ in range(repeat):
        runs.setdefault("parse CSafeLoader (reference)", []).append(
            run([sys.executable, "-c", PARSE, papers, "CSafeLoader"], root)
        )
        clear_cache(root)
        runs.setdefault("validate, cold", []).append(run([*EFFPLM, "validate"], root))
        touch_one(root)
        runs.setdefault("validate, one record edited", []).append(run([*EFFPLM, "validate"], root))
        runs.setdefault("validate, unchanged", []).append(run([*EFFPLM, "validate"], root))
        clear_cache(root)
        runs.setdefault("readme, cold", []).append(run([*EFFPLM, *readme], root))
        touch_one(root)
        runs.setdefault("readme, one record edited", []).append(run([*EFFPLM, *readme], root))
        runs.setdefault("export bibtex", []).append(
            run([*EFFPLM, "export", "bibtex", "--output", str(root / "papers.bib")], root)
        )
    out = {name: best(measures) for name, measures in runs.items()}
    if site:
        out["site build"] = run([*EFFPLM, "site", "build", "--site-dir", str(root / "site")], root)
        pages = list((root / "site" / "papers").glob("*/index.html"))
        out["site: KB per paper page"] = Measure(sum(p.stat().st_size for p in pages) / len(pages) / 1024, 0)
    return out


BUDGETS: tuple[tuple[str, int, str, float], ...] = (
    ("validate after editing one record", 5000, "validate, one record edited", 0.5),
    ("validate, cold", 5000, "validate, cold", 2.0),
    ("README, cold", 5000, "readme, cold", 2.5),
    ("site build", 10_000, "site build", 60.0),
    # hecat, the YAML-to-awesome-list tool of awesome-selfhosted, exports its 1,348 entries in
    # 7.3 to 9.9 s on this kind of machine: at least ten times quicker than that.
    ("README of 1,348 records, cold", 1348, "readme, cold", 0.73),
)
"""(what, records, measure, seconds it must stay under)."""


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def report(results: dict[int, dict[str, Measure]]) -> tuple[str, list[tuple[str, str, bool]]]:
    sizes = sorted(results)
    names = list(dict.fromkeys(k for r in results.values() for k in r))
    lines = ["| measure | " + " | ".join(f"{n:,} records" for n in sizes) + " |", "| --- |" + " ---: |" * len(sizes)]
    for name in names:
        cells = []
        for n in sizes:
            m = results[n].get(name)
            if m is None:
                cells.append("")
            elif name.startswith("site: KB"):
                cells.append(f"{m.seconds:.1f} KB")
            else:
                cells.append(f"{m.seconds:.2f} s · {m.peak_mb:.0f} MB")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    checks: list[tuple[str, str, bool]] = []
    for what, n, name, limit in BUDGETS:
        if n in results and name in results[n]:
            seconds = results[n][name].seconds
            checks.append((f"{what} ({n:,})", f"{seconds:.2f} s (budget < {limit:g} s)", seconds < limit))
    for n in sizes:
        if "site: KB per paper page" in results[n]:
            kb = results[n]["site: KB per paper page"].seconds
            checks.append((f"paper page size ({n:,})", f"{kb:.1f} KB (budget < 25 KB)", kb < 25))
    top = max(sizes)
    peak = max(m.peak_mb for k, m in results[top].items() if not k.startswith(("site", "parse")))
    checks.append(
        (f"peak memory of validate, readme, export ({top:,})", f"{peak:.0f} MB (budget < 1024 MB)", peak < 1024)
    )
    base = results[top]["parse CSafeLoader (reference)"].seconds
    cold = results[top]["validate, cold"].seconds
    checks.append((f"cold validate / libyaml parse ({top:,})", f"{ratio(cold, base)} (for information)", True))
    lines += ["", "| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks]
    return "\n".join(lines), checks


def plot(results: dict[int, dict[str, Measure]]) -> str:
    """An SVG line plot of seconds against records (both log scale)."""
    import math

    series = [
        "parse CSafeLoader (reference)",
        "validate, cold",
        "validate, one record edited",
        "validate, unchanged",
        "readme, cold",
        "export bibtex",
    ]
    colors = ["#999999", "#000000", "#0072B2", "#56B4E9", "#E69F00", "#009E73"]
    sizes = sorted(results)
    points = [results[n][s].seconds for n in sizes for s in series if s in results[n]]
    if len(sizes) < 2 or not points:
        return ""
    w, h, left, bottom = 640, 320, 60, 40
    lo, hi = math.log10(min(points)), math.log10(max(points))
    xs = {
        n: left
        + (w - left - 200)
        * (math.log10(n) - math.log10(sizes[0]))
        / ((math.log10(sizes[-1]) - math.log10(sizes[0])) or 1)
        for n in sizes
    }

    def y(v: float) -> float:
        return 10 + (h - bottom - 10) * (1 - (math.log10(v) - lo) / ((hi - lo) or 1))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="Seconds against records, log scales" style="max-width:40rem">'
    ]
    for n in sizes:
        out.append(f'<text x="{xs[n]:.0f}" y="{h - 15}" font-size="11" text-anchor="middle">{n:,}</text>')
    for exp in range(math.floor(lo), math.ceil(hi) + 1):
        if lo <= exp <= hi:
            out.append(
                f'<text x="{left - 6}" y="{y(10**exp) + 4:.0f}" font-size="11" text-anchor="end">{10**exp:g} s</text>'
            )
    for i, (name, color) in enumerate(zip(series, colors, strict=True)):
        pts = [(xs[n], y(results[n][name].seconds)) for n in sizes if name in results[n]]
        if not pts:
            continue
        out.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
            + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            + '"/>'
        )
        out.append(f'<text x="{w - 190}" y="{20 + i * 16}" font-size="11" fill="{color}">{name}</text>')
    out.append("</svg>")
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1348,1500,5000,10000")
    parser.add_argument("--site-sizes", default="10000")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "effplm-bench")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command line, best taken (default 5)")
    parser.add_argument("--docs", type=Path, default=REPO / "docs" / "benchmarks.md", help="page for the results table")
    opts = parser.parse_args()
    start, end = "<!-- results -->", "<!-- /results -->"
    try:  # checked before the minutes of measuring, not after
        doc = opts.docs.read_text(encoding="utf-8")
    except OSError as exc:
        parser.error(f"--docs {opts.docs}: {exc.strerror or exc}")
    if start not in doc or end not in doc:
        parser.error(f"--docs {opts.docs}: the page needs the lines {start} and {end} around its results")
    sizes = [int(s) for s in opts.sizes.split(",")]
    site_sizes = {int(s) for s in opts.site_sizes.split(",") if s}
    opts.work.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in sizes:
        print(f"benchmarking {n:,} records...", file=sys.stderr)
        results[n] = bench_size(opts.work, n, n in site_sizes, opts.repeat)
    table, checks = report(results)
    machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}"
    machine += f"; best of {opts.repeat} runs, the baseline and effplm alternating" if opts.repeat > 1 else ""
    text = f"Measured on {machine}.\n\n{table}\n\n{plot(results)}\n"
    print(text)
    doc = doc[: doc.index(start) + len(start)] + "\n\n" + text + "\n" + doc[doc.index(end) :]
    opts.docs.write_text(doc, encoding="utf-8")
    print(f"wrote {opts.docs}", file=sys.stderr)
    sys.exit(0 if all(ok for _, _, ok in checks) else 1)


if __name__ == "__main__":
    main()
