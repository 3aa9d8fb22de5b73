"""Small summary statistics shared by the benchmarks and the eval."""

from __future__ import annotations

import statistics

import numpy as np


def p50(xs: list[float]) -> float:
    return float(statistics.median(xs)) if xs else 0.0


def p95(xs: list[float]) -> float:
    return float(np.percentile(xs, 95)) if xs else 0.0


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"
