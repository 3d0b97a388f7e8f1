#!/usr/bin/env python3
"""An alpha-beta cost model of submit/bench-collective's CSV, calibrated at 2 workers, against every measured row,
and projected to 64 and 256 workers.

  usage: collective_model.py rows.csv [more.csv ...]

seconds(W) = alpha * L(W) + beta * B(W), where L is the number of message latencies on the critical path and B the
bytes through the busiest link (one direction, as tc limits each):
  ring all-reduce      L = 2(W-1)        B = 2(W-1)/W * S
  hub all-reduce       L = 2             B = 2 * W * S      (the driver receives W payloads, then sends W)
  ring all-gather      L = W-1           B = (W-1) * m
  doubling all-gather  L = ceil(log2 W)  B = (W-1) * m
  hub all-gather       L = 2             B = W*m + W*W*m    (the driver receives W blocks, then sends each worker all W)
Per link, alpha and beta are solved from two measurements at W = 2, the least contended point (3 processes on the
machine's CPUs): the BN moments by recursive doubling (latency-bound) and the parameters by the ring
(bandwidth-bound). The model is what the network costs when every process has CPUs of its own; the ratio
measured / model in the table shows how far the machine's shared CPUs add to it at larger W. (A least-squares fit
over all W cannot separate the two here: the CPU share grows with W exactly as L does for the ring and B does for
the hub.) Standard library only.
"""
import csv
import math
import sys


def terms(algorithm, payload, w, size):
    if payload == "parameters":
        if algorithm == "ring":
            return 2 * (w - 1), 2 * (w - 1) / w * size
        return 2, 2 * w * size
    if algorithm == "ring":
        return w - 1, (w - 1) * size
    if algorithm == "doubling":
        return math.ceil(math.log2(w)), (w - 1) * size
    return 2, w * size + w * w * size


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
    print("alpha-beta model calibrated at W = 2 (doubling bn-moments, ring parameters), per link:")
    model = {}
    for link in sorted({r["link"] for r in rows}):
        def at2(algorithm, payload):
            r = [r for r in rows if (r["link"], r["algorithm"], r["payload"], r["workers"]) == (link, algorithm, payload, "2")]
            return (terms(algorithm, payload, 2, int(r[0]["payload_bytes"])), float(r[0]["seconds"])) if r else None
        d, g = at2("doubling", "bn-moments"), at2("ring", "parameters")
        if not d or not g:
            print("%s: no W = 2 rows of doubling bn-moments and ring parameters to calibrate with" % link)
            continue
        (l1, b1), t1 = d
        (l2, b2), t2 = g
        det = l1 * b2 - l2 * b1
        alpha, beta = (t1 * b2 - t2 * b1) / det, (l1 * t2 - l2 * t1) / det
        model[link] = (max(alpha, 0.0), max(beta, 1e-15))
        print("  %-7s alpha %.3f ms a message, beta %.0f MB/s a link direction" % (link, alpha * 1e3, 1e-6 / beta))
    print("%-7s %-11s %-9s %4s %11s %11s %10s" % ("link", "payload", "algorithm", "W", "measured_ms", "model_ms", "measured/model"))
    for r in sorted(rows, key=lambda r: (r["link"], r["payload"], r["algorithm"], int(r["workers"]))):
        if r["link"] not in model:
            continue
        a, b = model[r["link"]]
        l, by = terms(r["algorithm"], r["payload"], int(r["workers"]), int(r["payload_bytes"]))
        m = a * l + b * by
        print("%-7s %-11s %-9s %4s %11.2f %11.2f %10.1f" % (r["link"], r["payload"], r["algorithm"], r["workers"],
                                                          float(r["seconds"]) * 1e3, m * 1e3, float(r["seconds"]) / m))
    print("projection (model_ms):")
    print("%-7s %-11s %-9s %10s %10s %10s %10s" % ("link", "payload", "algorithm", "W=2", "W=16", "W=64", "W=256"))
    for (link, payload, algorithm), rs in sorted(groups.items()):
        if link not in model:
            continue
        a, b = model[link]
        size = int(rs[0]["payload_bytes"])
        proj = [(lambda lb: (a * lb[0] + b * lb[1]) * 1e3)(terms(algorithm, payload, w, size)) for w in (2, 16, 64, 256)]
        print("%-7s %-11s %-9s %10.2f %10.2f %10.2f %10.2f" % (link, payload, algorithm, *proj))


if __name__ == "__main__":
    main(sys.argv[1:])
