"""Run every scim2-tester check against a Roster tenant and judge the result.

Usage: ROSTER_CONFORMANCE_TOKEN=… conformance.py BASE_URL README
Exit 0 when every check passes, or fails for a reason listed in README's "Deliberate
differences" table; 1 otherwise. Judged by check name and reason, never by count: the tester
fills resources with random values, so `random` is seeded and uuid4 is drawn from it (the same
requests every run), and the ids in reasons are masked all the same.
"""

import os
import random
import re
import sys
import uuid
from collections import Counter

random.seed(7644)
uuid.uuid4 = lambda: uuid.UUID(int=random.getrandbits(128), version=4)  # type: ignore[assignment]

import httpx2  # noqa: E402
from scim2_client.engines.httpx2 import SyncSCIMClient  # noqa: E402
from scim2_tester import CheckResult, Status, check_server  # noqa: E402

FAILED = {Status.ERROR, Status.CRITICAL}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
SPAN = re.compile(r"`([^`]+)`")


class Difference:
    """A README row: the checks it covers (`check` or `Type check`) and the text their reason holds."""

    def __init__(self, checks: list[tuple[str | None, str]], reason: str, line: str):
        self.checks, self.reason, self.line, self.used = checks, reason, line, 0

    def covers(self, result: CheckResult) -> bool:
        named = any(
            name == result.title and kind in (None, result.resource_type) for kind, name in self.checks
        )
        return named and self.reason in (result.reason or "")


def deliberate_differences(readme: str) -> list[Difference]:
    """The rows of the table under the "Deliberate differences" heading."""
    lines = open(readme, encoding="utf-8").read().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"#+ Deliberate differences", line))
    rows: list[Difference] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= set("-: "):
            continue
        checks = [tuple(span.split()) for span in SPAN.findall(cells[0])]
        quoted = SPAN.findall(cells[1])
        if not checks or not quoted:
            continue  # the header row
        named = [(c[0], c[1]) if len(c) == 2 else (None, c[0]) for c in checks]
        # The cell's last quoted text is the reason; earlier ones name a status or attribute.
        rows.append(Difference(named, quoted[-1], line))
    if not rows:
        sys.exit(f"conformance: no rows found under 'Deliberate differences' in {readme}")
    return rows


def main() -> int:
    base_url, readme = sys.argv[1:3]
    differences = deliberate_differences(readme)
    http = httpx2.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {os.environ['ROSTER_CONFORMANCE_TOKEN']}"},
        timeout=httpx2.Timeout(15.0),
    )
    results = check_server(SyncSCIMClient(http))  # no tags given: every check runs

    tally: Counter[str] = Counter()
    unexpected: list[CheckResult] = []
    for result in results:
        result.reason = UUID.sub("<id>", result.reason or "")
        if result.status not in FAILED:
            tally[result.status.name.lower()] += 1
            continue
        covering = next((d for d in differences if d.covers(result)), None)
        if covering is None:
            tally["failed"] += 1
            unexpected.append(result)
        else:
            covering.used += 1
            tally["deliberate"] += 1

    for result in unexpected:
        print(f"FAILED {result.resource_type or '-'} {result.title}: {result.reason}")
    for difference in differences:
        if difference.used == 0:
            print(f"note: no check failed for this README row any more: {difference.line[:120]}")
    print("conformance tally: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
