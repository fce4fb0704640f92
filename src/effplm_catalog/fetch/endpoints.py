"""Where each provider lives; every base URL can be moved by an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoints:
    arxiv: str = "https://export.arxiv.org/api/query"
    crossref: str = "https://api.crossref.org"
    s2: str = "https://api.semanticscholar.org/graph/v1"
    dblp: str = "https://dblp.org/search/publ/api"
    acl: str = "https://aclanthology.org"
    s2_api_key: str | None = None

    @classmethod
    def from_env(cls) -> Endpoints:
        """EFFPLM_ARXIV_API, EFFPLM_CROSSREF_API, EFFPLM_S2_API, EFFPLM_DBLP_API, EFFPLM_ACL_URL;
        a Semantic Scholar key from EFFPLM_S2_API_KEY or SEMANTIC_SCHOLAR_API_KEY."""
        env = os.environ
        default = cls()
        return cls(
            arxiv=env.get("EFFPLM_ARXIV_API", default.arxiv).rstrip("/"),
            crossref=env.get("EFFPLM_CROSSREF_API", default.crossref).rstrip("/"),
            s2=env.get("EFFPLM_S2_API", default.s2).rstrip("/"),
            dblp=env.get("EFFPLM_DBLP_API", default.dblp).rstrip("/"),
            acl=env.get("EFFPLM_ACL_URL", default.acl).rstrip("/"),
            s2_api_key=env.get("EFFPLM_S2_API_KEY") or env.get("SEMANTIC_SCHOLAR_API_KEY") or None,
        )
