#!/usr/bin/env python3
"""Independent check of `tecsmap suggest` (issue 13, output contract of site_suggestions).

Reads the communes and structures that `tecsmap analyse` wrote for the same study (GDAL's own
Python bindings, GEOS's PointOnSurface for the representative points), rebuilds the maximal
covering location model from the issue's text alone — demand = commune representative points
weighted by population, candidates = the same points, covered = within the radius (inclusive) of
a structure whose `covers` is 1 or of a chosen site — and solves it by brute force with numpy
(every single site, every pair). Then checks the GeoPackage written by `tecsmap suggest`:
contract fields in order, ranks 1..k, method `exact` and bound 0, cumulative sums, ctg_code and
insee of each site, the newly covered population of the chosen set recomputed here, and that
the set is optimal (k = 1 and 2 against the brute force, k >= 3 at least the pair optimum).

Usage: check_suggestions.py ANALYSE.gpkg SUGGEST.gpkg RADIUS_M
"""
import sys

import numpy as np
from osgeo import ogr

ogr.UseExceptions()
analysed, suggested, radius = sys.argv[1], sys.argv[2], float(sys.argv[3])
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


src = ogr.Open(analysed)
insee, ctg, pop, xy = [], [], [], []
for f in src.GetLayerByName("communes"):
    insee.append(f.GetField("insee"))
    ctg.append(f.GetField("ctg_code"))
    pop.append(float(f.GetField("population")))
    p = f.GetGeometryRef().PointOnSurface()
    xy.append((p.GetX(), p.GetY()))
xy, pop = np.array(xy), np.array(pop)
index = {code: i for i, code in enumerate(insee)}
structures = []
for f in src.GetLayerByName("structures"):
    g = f.GetGeometryRef()
    if f.GetField("covers") == 1 and g is not None and not g.IsEmpty():
        structures.append((g.GetX(), g.GetY()))
structures = np.array(structures)


def within(points, sites):
    """within[s, d]: demand point d lies within the radius of site s (inclusive)."""
    d2 = ((sites[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    return d2 <= radius * radius


covered = within(xy, structures).any(axis=0) if len(structures) else np.zeros(len(pop), bool)
existing = pop[covered].sum()
open_pop = np.where(covered, 0.0, pop)  # only uncovered people can be newly covered
cover = within(xy, xy).astype(float)  # candidate × demand
gain1 = cover @ open_pop
# Pair gain: g[a] + g[b] − people both would cover.
both = (cover * open_pop) @ cover.T
gain2 = gain1[:, None] + gain1[None, :] - both
np.fill_diagonal(gain2, gain1)  # a pair of the same site is the single site
best = {1: gain1.max(), 2: gain2.max()}

out = ogr.Open(suggested)
layer = out.GetLayerByName("site_suggestions")
check(layer is not None, "site_suggestions layer present")
defn = layer.GetLayerDefn()
names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
contract = ["rank", "insee", "ctg_code", "pop_newly_covered", "pop_covered_cumulative", "method",
            "bound"]
check(names[:7] == contract, f"contract fields first, in order: {names[:7]}")
rows = sorted(({n: f.GetField(n) for n in names} for f in layer), key=lambda r: r["rank"])
k = len(rows)
check(k >= 1, "at least one suggested site")
check([r["rank"] for r in rows] == list(range(1, k + 1)), "ranks 1..k")
chosen, cumulative = [], 0.0
for r in rows:
    check(r["method"] == "exact" and r["bound"] == 0, f"rank {r['rank']}: exact, bound 0")
    check(r["insee"] in index, f"rank {r['rank']}: insee {r['insee']} is a commune")
    i = index[r["insee"]]
    check(r["ctg_code"] == ctg[i], f"rank {r['rank']}: ctg_code {r['ctg_code']} == {ctg[i]}")
    # Newly covered by this site given the sites ranked before it, recomputed here.
    before = cover[chosen].any(axis=0) if chosen else np.zeros(len(pop), bool)
    newly = open_pop[(cover[i] > 0) & ~before].sum()
    check(abs(r["pop_newly_covered"] - newly) < 1e-6,
          f"rank {r['rank']}: pop_newly_covered {r['pop_newly_covered']} == {newly}")
    chosen.append(i)
    cumulative += newly
    check(abs(r["pop_covered_cumulative"] - cumulative) < 1e-6,
          f"rank {r['rank']}: pop_covered_cumulative {r['pop_covered_cumulative']} == {cumulative}")
    check(abs(r["pop_covered_total"] - (existing + cumulative)) < 1e-6,
          f"rank {r['rank']}: pop_covered_total == existing {existing} + {cumulative}")
total = cumulative
if k in best:
    check(abs(total - best[k]) < 1e-6, f"k = {k}: {total} equals the brute-force optimum {best[k]}")
else:
    check(total >= best[2] - 1e-6, f"k = {k}: {total} at least the best pair {best[2]}")
print(f"check_suggestions: k = {k}, existing {existing:.0f}, newly covered {total:.0f}, "
      f"optimum k=1 {best[1]:.0f}, k=2 {best[2]:.0f}; {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
