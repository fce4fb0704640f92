"""effplm import markdown fetches the authors an entry does not name, from the replayed providers."""

from __future__ import annotations

from pathlib import Path

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.fetch.endpoints import Endpoints

from ..conftest import Invoke, write


def test_an_entry_without_authors_is_completed_from_its_arxiv_metadata(
    invoke: Invoke, catalog_dir: Path, endpoints: Endpoints, tmp_path: Path
) -> None:
    listing = write(
        tmp_path / "list.md",
        "## Quantization\n- A Paper Named Only by Its Link <br> arXiv 2016 [[Paper]](https://arxiv.org/abs/1605.08386)\n",
    )
    result = invoke("import", "markdown", str(listing), "--source", "list-a", "--added", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert "1 new, 0 already in the catalog (0 gain something), 0 need authors, 0 skipped" in result.stdout
    (paper,) = [p for p in load_catalog(Project(catalog_dir)).papers if p.links.arxiv == "1605.08386"]
    assert len(paper.authors) > 1 and paper.category == "quantization"
