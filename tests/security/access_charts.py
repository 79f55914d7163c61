"""Access rows of the region comparison (issue 15, §2 and §4): a public page, like the region
pages it compares."""

from __future__ import annotations

from tests.security.access import EVERYONE, Access

ROWS = {
    "regions:compare": Access("/regions/compare/?a=MA-01&b=MA-06", EVERYONE),
}
