#!/usr/bin/python3
"""Independent check of the accessibility engine (issue 12) with networkx and pyproj.

Reads the OSM XML written by access_export, rebuilds the road graph from the documented rules
(docs/methods.md, "Accessibilité en temps de trajet (moteur)") with its own code, and compares:
the edges (ids, minutes), the snapping, the nearest-structure minutes, the catchment times and
the E2SFCA ratios and indices computed by the C++ engine. Exit 1 on any difference.

usage: check_networkx.py DIR
"""
import csv
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

import networkx as nx
from pyproj import Transformer

TOL = 1e-6  # minutes
SPEEDS = {  # the default table of the contract
    "motorway": 110, "motorway_link": 60, "trunk": 90, "trunk_link": 50, "primary": 80,
    "primary_link": 50, "secondary": 70, "secondary_link": 45, "tertiary": 60,
    "tertiary_link": 40, "unclassified": 50, "residential": 30, "living_street": 10,
    "service": 20, "road": 30,
}
failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 20:
        print("FAIL:", msg)


def maxspeed(v):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(km/h|kmh|kph|mph)?\s*", v or "")
    if not m or float(m.group(1)) <= 0:
        return None
    return float(m.group(1)) * (1.609344 if m.group(2) == "mph" else 1)


def rule(tags):
    """(routable, direction, speed) of a way, direction in {both, fwd, back}."""
    hw = tags.get("highway", "")
    if hw in ("", "construction", "proposed") or hw not in SPEEDS:
        return False, None, None
    if tags.get("access") in ("no", "private") or tags.get("route") == "ferry":
        return False, None, None
    speed = SPEEDS[hw]
    cap = maxspeed(tags.get("maxspeed"))
    if cap is not None and cap < speed:
        speed = cap
    ow = tags.get("oneway", "")
    if ow in ("yes", "true", "1"):
        d = "fwd"
    elif ow in ("-1", "reverse"):
        d = "back"
    elif ow in ("no", "false", "0"):
        d = "both"
    elif tags.get("junction") in ("roundabout", "circular") or hw == "motorway":
        d = "fwd"
    else:
        d = "both"
    return True, d, speed


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main(d):
    params = {}
    for line in open(f"{d}/params.txt"):
        k, *v = line.split()
        params[k] = v
    minx, miny, maxx, maxy = map(float, params["box"])
    walk_mpm = float(params["walk_kmh"][0]) * 1000 / 60
    catchment = float(params["catchment"][0])
    to_metric = Transformer.from_crs("EPSG:4326", params["crs"][0], always_xy=True)

    # 1. Graph from the OSM XML by the rules.
    lonlat, ways = {}, []
    for _, el in ET.iterparse(f"{d}/network.osm"):
        if el.tag == "node":
            lonlat[int(el.get("id"))] = (float(el.get("lon")), float(el.get("lat")))
        elif el.tag == "way":
            nodes = [int(n.get("ref")) for n in el.findall("nd")]
            tags = {t.get("k"): t.get("v") for t in el.findall("tag")}
            ways.append((nodes, tags))
    xy = {i: to_metric.transform(*ll) for i, ll in lonlat.items()}
    inside = lambda p: minx <= p[0] <= maxx and miny <= p[1] <= maxy
    edges = defaultdict(list)  # (a, b) -> minutes
    for nodes, tags in ways:
        ok, direction, speed = rule(tags)
        if not ok or len(nodes) < 2 or not any(n in xy and inside(xy[n]) for n in nodes):
            continue
        mpm = speed * 1000 / 60
        for a, b in zip(nodes, nodes[1:]):
            if a == b or a not in xy or b not in xy:
                continue
            m = math.hypot(xy[b][0] - xy[a][0], xy[b][1] - xy[a][1]) / mpm
            if direction != "back":
                edges[(a, b)].append(m)
            if direction != "fwd":
                edges[(b, a)].append(m)
    full = nx.DiGraph()
    full.add_edges_from(edges)
    largest = max(nx.strongly_connected_components(full), key=lambda c: (len(c), -min(c)))
    py_edges = {k: sorted(v) for k, v in edges.items() if k[0] in largest and k[1] in largest}

    cpp_edges = defaultdict(list)
    for r in read_csv(f"{d}/edges.csv"):
        cpp_edges[(int(r["from_osm"]), int(r["to_osm"]))].append(float(r["minutes"]))
    if set(cpp_edges) != set(py_edges):
        extra = set(cpp_edges) - set(py_edges)
        missing = set(py_edges) - set(cpp_edges)
        fail(f"edge sets differ: {len(extra)} extra in C++ (e.g. {sorted(extra)[:3]}), "
             f"{len(missing)} missing (e.g. {sorted(missing)[:3]})")
    for k, v in py_edges.items():
        c = sorted(cpp_edges.get(k, []))
        if len(c) != len(v) or any(abs(a - b) > 1e-9 for a, b in zip(c, v)):
            fail(f"edge {k}: C++ {c} vs {v}")
    for r in read_csv(f"{d}/nodes.csv"):
        p = xy[int(r["osm_id"])]
        if abs(p[0] - float(r["x"])) > 1e-6 or abs(p[1] - float(r["y"])) > 1e-6:
            fail(f"node {r['osm_id']} at {r['x']},{r['y']} vs {p}")
    print(f"graph: {len(largest)} nodes, {sum(len(v) for v in py_edges.values())} edges "
          f"(of {full.number_of_nodes()} before SCC)")

    # 2. Shortest paths on the Python graph (parallel edges: the fastest).
    G = nx.DiGraph()
    for (a, b), v in py_edges.items():
        G.add_edge(a, b, w=min(v))
    R = G.reverse(copy=True)
    kept = sorted(largest)

    def snap(p):
        best = min(kept, key=lambda n: (math.hypot(xy[n][0] - p[0], xy[n][1] - p[1]), n))
        return best, math.hypot(xy[best][0] - p[0], xy[best][1] - p[1])

    demand, structures = [], []
    for r in read_csv(f"{d}/points.csv"):
        p = (float(r["x"]), float(r["y"]))
        node, dist = snap(p)
        if abs(dist - float(r["distance_m"])) > 1e-6:
            fail(f"{r['kind']} {r['index']}: snap distance {r['distance_m']} vs {dist}")
        elif int(r["node_osm"]) != node and abs(
                math.hypot(xy[int(r["node_osm"])][0] - p[0], xy[int(r["node_osm"])][1] - p[1]) - dist) > 1e-9:
            fail(f"{r['kind']} {r['index']}: snapped to {r['node_osm']}, nearest is {node}")
        item = (int(r["node_osm"]), dist / walk_mpm, float(r["value"]))
        (demand if r["kind"] == "demand" else structures).append(item)

    per_structure = [nx.single_source_dijkstra_path_length(R, s[0], weight="w") for s in structures]
    total = [[s[1] + per_structure[j].get(dm[0], math.inf) + dm[1] for j, s in enumerate(structures)]
             for dm in demand]
    for r in read_csv(f"{d}/nearest.csv"):
        i = int(r["demand"])
        best = min(total[i])
        m = float(r["minutes"])
        if abs(m - best) > TOL:
            fail(f"demand {i}: minutes {m} vs networkx {best}")
        j = int(r["structure"])
        if abs(total[i][j] - best) > 1e-9:
            fail(f"demand {i}: nearest structure {j} at {total[i][j]}, best {best}")
        elif j != min(k for k, t in enumerate(total[i]) if abs(t - best) <= 1e-9):
            fail(f"demand {i}: tie not broken to the lowest index ({j})")

    # 3. Catchment times and E2SFCA.
    cpp_within = defaultdict(dict)
    for r in read_csv(f"{d}/within.csv"):
        cpp_within[int(r["structure"])][int(r["demand"])] = float(r["minutes"])
    for j in range(len(structures)):
        for i in range(len(demand)):
            t = total[i][j]
            c = cpp_within[j].get(i)
            if t <= catchment - 1e-9 and c is None:
                fail(f"structure {j}: demand {i} at {t} min missing from the catchment")
            elif t > catchment + 1e-9 and c is not None:
                fail(f"structure {j}: demand {i} at {t} min should be out of the catchment")
            elif c is not None and abs(c - t) > TOL:
                fail(f"structure {j}, demand {i}: {c} vs networkx {t}")

    def weight(t):
        return 1.0 if t <= 10 else 0.68 if t <= 20 else 0.22 if t <= 30 else 0.0

    ratio = []
    for j, s in enumerate(structures):
        dem = sum(dm[2] * weight(total[i][j]) for i, dm in enumerate(demand))
        ratio.append(s[2] / dem if dem > 0 else 0.0)
    index = [sum(ratio[j] * weight(total[i][j]) for j in range(len(structures)))
             for i in range(len(demand))]
    for r in read_csv(f"{d}/e2sfca.csv"):
        ref = ratio if r["kind"] == "ratio" else index
        k, v = int(r["index"]), float(r["value"])
        if abs(v - ref[k]) > 1e-9 * max(1.0, abs(ref[k])):
            fail(f"E2SFCA {r['kind']} {k}: {v} vs {ref[k]}")
    reached = sum(1 for i in range(len(demand)) if min(total[i]) < math.inf)
    print(f"checked {len(demand)} demand points ({reached} reached), {len(structures)} structures")
    if failures:
        print(f"{len(failures)} differences")
        return 1
    print("all equal to networkx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
