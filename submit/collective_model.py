#!/usr/bin/env python3
"""Fits an alpha-beta cost model to submit/bench-collective's CSV and projects it to 64 and 256 workers.

  usage: collective_model.py rows.csv [more.csv ...]

For each algorithm, payload and link: seconds(W) = alpha * L(W) + beta * B(W), where L is the number of message
latencies on the critical path and B the bytes through the busiest link (one direction, as tc limits each):
  ring all-reduce      L = 2(W-1)        B = 2(W-1)/W * S
  hub all-reduce       L = 2             B = W * S          (the driver receives W payloads and sends W)
  ring all-gather      L = W-1           B = (W-1) * m
  doubling all-gather  L = ceil(log2 W)  B = (W-1) * m
  hub all-gather       L = 2             B = W * W * m      (the driver sends every worker all W blocks)
alpha and beta >= 0 by least squares over the measured W (alpha: per-message cost incl. the processes' own work on
this machine; beta: seconds per byte). Standard library only.
"""
import csv
import math
import sys


def terms(algorithm, payload, w, size):
    if payload == "parameters":
        if algorithm == "ring":
            return 2 * (w - 1), 2 * (w - 1) / w * size
        return 2, w * size
    if algorithm == "ring":
        return w - 1, (w - 1) * size
    if algorithm == "doubling":
        return math.ceil(math.log2(w)), (w - 1) * size
    return 2, w * w * size


def fit(points):
    """Least squares for y = a*x1 + b*x2 with a, b >= 0."""
    sxx = sum(x1 * x1 for x1, _, _ in points)
    syy = sum(x2 * x2 for _, x2, _ in points)
    sxy = sum(x1 * x2 for x1, x2, _ in points)
    sxz = sum(x1 * y for x1, _, y in points)
    syz = sum(x2 * y for _, x2, y in points)
    det = sxx * syy - sxy * sxy
    if det > 0:
        a = (sxz * syy - syz * sxy) / det
        b = (syz * sxx - sxz * sxy) / det
        if a >= 0 and b >= 0:
            return a, b
    # one term alone: the better of alpha-only and beta-only
    a_only = (max(sxz / sxx, 0), 0.0) if sxx else (0.0, 0.0)
    b_only = (0.0, max(syz / syy, 0)) if syy else (0.0, 0.0)
    err = lambda ab: sum((ab[0] * x1 + ab[1] * x2 - y) ** 2 for x1, x2, y in points)
    return min((a_only, b_only), key=err)


def main(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            rows += [r for r in csv.DictReader((l for l in f if not l.startswith("#")),
                     fieldnames="algorithm,workers,payload,payload_bytes,link,seconds,driver_bytes,worker_bytes".split(","))
                     if r["algorithm"] != "algorithm"]
    groups = {}
    for r in rows:
        groups.setdefault((r["link"], r["payload"], r["algorithm"]), []).append(r)
    print("alpha-beta model (seconds = alpha * latencies + beta * bytes on the busiest link), fitted to the rows above:")
    print("%-7s %-11s %-9s %10s %12s %10s %12s %12s %12s" % ("link", "payload", "algorithm", "alpha_ms", "beta_GB/s", "fit_err",
                                                             "W=16_ms", "W=64_ms", "W=256_ms"))
    for (link, payload, algorithm), rs in sorted(groups.items()):
        size = int(rs[0]["payload_bytes"])
        points = []
        for r in rs:
            l, b = terms(algorithm, payload, int(r["workers"]), size)
            points.append((l, b, float(r["seconds"])))
        a, b = fit(points)
        worst = max(abs(a * x1 + b * x2 - y) / y for x1, x2, y in points)
        proj = []
        for w in (16, 64, 256):
            l, by = terms(algorithm, payload, w, size)
            proj.append((a * l + b * by) * 1e3)
        print("%-7s %-11s %-9s %10.3f %12s %9.0f%% %12.1f %12.1f %12.1f" % (link, payload, algorithm, a * 1e3,
              ("%.3f" % (1e-9 / b)) if b > 0 else "inf", worst * 100, *proj))


if __name__ == "__main__":
    main(sys.argv[1:])
