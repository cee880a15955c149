#!/usr/bin/env python3
"""Compares two totals files (key=value lines): integers exactly, reals within a relative
tolerance (two honest implementations agree to ~1e-12; the threshold is far above that noise
and far below any real change). Usage: compare_totals.py EXPECTED ACTUAL"""
import sys


def load(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out[k] = v
    return out


expected, actual = load(sys.argv[1]), load(sys.argv[2])
bad = 0
for k in sorted(set(expected) | set(actual)):
    e, a = expected.get(k), actual.get(k)
    if e is None or a is None:
        print(f"FAIL: {k}: expected {e}, got {a}")
        bad += 1
        continue
    if "." in e or "." in a:
        ok = abs(float(e) - float(a)) <= 1e-7 * max(1.0, abs(float(e)))
    else:
        ok = e == a
    if not ok:
        print(f"FAIL: {k}: expected {e}, got {a}")
        bad += 1
print(f"totals: {len(expected) - bad} agree, {bad} differ")
sys.exit(1 if bad else 0)
