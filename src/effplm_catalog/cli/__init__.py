"""The ``effplm`` command: a thin click layer that formats the library's results and sets exit codes.

The catalog commands (:mod:`.commands`) are imported with the group; the curator's commands
that fetch and import (:mod:`.curate`) only when one of them runs, so that the commands run
after every edit start quickly.
"""

from __future__ import annotations

import gc

import click

from .. import __version__
from . import commands

CURATE = ("new", "add", "enrich", "import", "links")


class Effplm(click.Group):
    """The command group, loading the curator's commands on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *CURATE])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in CURATE and name not in self.commands:
            from . import curate, imports  # see the module docstring: start-up time, not an import cycle

            for command in (curate.new, curate.add, curate.enrich, imports.import_group, curate.links):
                self.add_command(command)
        return super().get_command(ctx, name)


@click.group(cls=Effplm, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="effplm")
def main() -> None:
    """Curate the catalog of efficient pre-trained language model papers."""
    # What the imports made lives as long as the process: the collector need not walk it again
    # and again while a load makes its tens of thousands of objects (validate after an edit,
    # 5,000 records: 0.46 s of work without this, 0.27 s with it; docs/benchmarks.md).
    gc.freeze()
    # Those objects are few containers each and nearly all live until the command ends, so a
    # young generation of 700 (Python's default) is collected 250 times and the older ones 24
    # times for little garbage. Larger generations leave 17 collections: 0.037 s -> 0.013 s of
    # validate at 5,000 records, about a twentieth of its time (docs/benchmarks.md).
    gc.set_threshold(10_000, 50, 100)


for _command in (
    commands.validate,
    commands.readme,
    commands.build,
    commands.site,
    commands.schema,
    commands.fmt,
    commands.summary,
    commands.export_command,
):
    main.add_command(_command)

__all__ = ["main"]
