"""Access rows of the data round trip and site search (issue 15 §2, §5): a dataset's template
and the search are public; creating a dataset is for those who manage datasets (programme
analysts, and a regional officer for their own organisation)."""

from __future__ import annotations

from tests.security.access import EVERYONE, PROGRAMME, Access

ROWS = {
    "observatory:dataset_new": Access("/observatory/datasets/new/", PROGRAMME | {"officer"}),
    "observatory:template": Access("/observatory/datasets/{dataset}/template.xlsx", EVERYONE),
    "portal:search": Access("/search/?q=fes", EVERYONE),
}
