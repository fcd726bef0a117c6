"""With BOTGIG_METRICS_DIR, counters of several processes on one host add up on /metrics."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from api.observability import render_metrics

_WORKER = """
import sys
from pathlib import Path
from botgig.logging_config import use_metrics_dir
use_metrics_dir(Path(sys.argv[1]))
from botgig.workers import DELIVERIES
DELIVERIES.labels("telegram", "delivered").inc(int(sys.argv[2]))
"""


def test_counters_of_two_processes_add_up(tmp_path: Path) -> None:
    for count in (3, 4):
        subprocess.run(
            [sys.executable, "-c", _WORKER, str(tmp_path), str(count)], check=True, timeout=120
        )
    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    text = render_metrics(None, tmp_path).decode()
    values = {
        tuple(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "botgig_outbox_deliveries_total"
    }
    assert values == {(("outcome", "delivered"), ("sink", "telegram")): 7.0}
