#!/usr/bin/python3
"""Peer pipeline for the national benchmark (docs/performance.md): the analysis of
shared/docs/analysis-spec.md written the straightforward way with GeoPandas, Shapely,
scikit-learn and SciPy from Debian's packages (python3-geopandas python3-sklearn python3-scipy).

Needs python3-rtree for spatial indexes.

Usage: /usr/bin/python3 bench/peer_geopandas.py STUDY_DIR MIRROR_DIR DATA_DIR OUT.gpkg
  STUDY_DIR   a directory written by tecsmap-make-national-study (national.toml and its files)
  MIRROR_DIR  france-geojson directory (departements/NN-name/communes-NN-name.geojson)
  DATA_DIR    tecsmap's data/geo (COG tables)
Prints one line per stage (wall time, peak RSS so far) and a JSON summary line."""
import glob
import json
import os
import resource
import sys
import time
import tomllib

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
from shapely.geometry import MultiPoint
from shapely.validation import make_valid
from sklearn.cluster import DBSCAN

study_dir, mirror, data_dir, out = sys.argv[1:5]
study = tomllib.load(open(os.path.join(study_dir, "national.toml"), "rb"))
params = study.get("analysis", {})
R = params.get("coverage_radius_km", 10) * 1000
EPS = params.get("cluster_eps_km", 5) * 1000
MIN_PTS = params.get("cluster_min_points", 3)
CRS = 2154
stages = []
t_last = time.perf_counter()
t_start = t_last


def stage(name):
    global t_last
    now = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stages.append({"stage": name, "seconds": round(now - t_last, 2), "peak_mib": round(peak)})
    print(f"{name}: {now - t_last:.2f} s, peak {peak:.0f} MiB", flush=True)
    t_last = now


def code5(c):
    c = str(c).strip().upper()
    return "0" + c if len(c) == 4 and c.isdigit() else c


# --- read ------------------------------------------------------------------------------
deps = study["territory"].get("departement", "26")
deps = [deps] if isinstance(deps, str) else deps


def wanted(path):
    code = os.path.basename(os.path.dirname(path)).split("-")[0]
    return (not code.startswith("97")) if "*" in deps else code in deps


files = sorted(f for f in glob.glob(os.path.join(mirror, "departements", "*", "communes-*.geojson")) if wanted(f))
src = pd.concat([gpd.read_file(f) for f in files], ignore_index=True)
src = gpd.GeoDataFrame(src, geometry="geometry", crs=4326).to_crs(CRS)
stage("read")

# --- harmonise ----------------------------------------------------------------------------
cog = pd.read_csv(os.path.join(data_dir, "cog_communes.csv"), dtype=str, keep_default_na=False)
cog = cog[cog.zone == "metro"] if "*" in deps else cog[cog.departement.isin(deps)]
cog["population"] = pd.to_numeric(cog.population).fillna(0).astype(int)
old = pd.read_csv(os.path.join(data_dir, "cog_old_codes.csv"), dtype=str)
single = old.groupby("old_code").current_code.agg(lambda s: s.iloc[0] if len(s) == 1 else None).dropna()
current = set(cog.insee)
src["code"] = src["code"].map(code5)
src["insee"] = src["code"].where(src["code"].isin(current), src["code"].map(single))
src = src[src.insee.notna() & src.insee.isin(current)]
src["geometry"] = [g if g.is_valid else make_valid(g) for g in src.geometry]
communes = src[["insee", "geometry"]].dissolve(by="insee").reset_index()
communes = communes.merge(cog[["insee", "nom", "population", "epci_siren"]], on="insee")
communes["area"] = communes.area
communes["rep"] = communes.representative_point()
stage("harmonise")

# --- EPCI and CTG ---------------------------------------------------------------------------
epci = communes[communes.epci_siren != ""].dissolve(by="epci_siren", aggfunc={"population": "sum"})
ctg_table = pd.read_csv(os.path.join(study_dir, "ctg.csv"), sep=";", dtype=str)
ctg_of = dict(zip(ctg_table.epci_siren, ctg_table.ctg_code))
communes["ctg_code"] = [ctg_of.get(e, e) if e else i for e, i in zip(communes.epci_siren, communes.insee)]
ctg = communes.dissolve(by="ctg_code", aggfunc={"population": "sum"})
stage("dissolve EPCI/CTG")


# --- points ---------------------------------------------------------------------------------
def read_points(name):
    df = pd.read_csv(os.path.join(study_dir, name), sep=";", decimal=",", dtype={"code_insee": str})
    g = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude), crs=4326).to_crs(CRS)
    if "code_insee" in df:
        missing = df.longitude.isna() & df.code_insee.notna()
        codes = df.code_insee[missing].map(code5)
        codes = codes.where(codes.isin(current), codes.map(single))
        rep = communes.set_index("insee").rep
        g.loc[missing, "geometry"] = codes.map(rep).values
    return g[g.geometry.notna() & ~g.geometry.is_empty].reset_index(drop=True)


structures = read_points("structures.csv")
initiatives = read_points("initiatives.csv")
stage("read layers")

polys = gpd.GeoDataFrame(communes[["insee", "ctg_code"]], geometry=communes.geometry, crs=CRS)


def join(points):
    j = gpd.sjoin(points[["geometry"]], polys, how="left", predicate="intersects")
    j = j.sort_values("insee").groupby(level=0).first()  # shared edge: lowest code
    return points.join(j[["insee", "ctg_code"]])


structures = join(structures)
initiatives = join(initiatives)
stage("point joins")

# --- coverage -------------------------------------------------------------------------------
# Only centres sociaux and EVS count for coverage (coverage_types = ["CS", "EVS"]): other places
# (MJC, maisons de quartier…) are drawn and counted apart, never covering.
covering = structures[structures["type"].isin(["CS", "EVS"])]
discs = covering.buffer(R, resolution=32)
union = gpd.GeoDataFrame(geometry=[discs.unary_union], crs=CRS)
covered = gpd.overlay(polys[["insee", "geometry"]], union, how="intersection")
covered_area = covered.set_index("insee").area.groupby(level=0).sum()
communes["covered_share"] = (communes.insee.map(covered_area).fillna(0) / communes.area).clip(0, 1)
communes["pop_uncovered"] = communes.population * (1 - communes.covered_share)
reps = gpd.GeoDataFrame(communes[["insee"]], geometry=communes.rep, crs=CRS)
# sjoin_nearest needs Shapely 2 or PyGEOS, absent from Debian 12: SciPy's k-d tree instead.
from scipy.spatial import cKDTree
d, _ = cKDTree(np.column_stack([covering.geometry.x, covering.geometry.y])).query(
    np.column_stack([reps.geometry.x, reps.geometry.y]))
communes["dist_nearest_m"] = d
stage("coverage (discs, union, shares, distances)")

outside = gpd.overlay(polys[["insee", "geometry"]], union, how="difference")
gaps = gpd.GeoDataFrame(geometry=[outside.unary_union], crs=CRS).explode(index_parts=False).reset_index(drop=True)
gaps["part"] = range(len(gaps))
pieces = gpd.overlay(gaps, polys[["insee", "geometry"]], how="intersection")
pieces = pieces.merge(communes[["insee", "population", "area"]], on="insee")
pieces["pop"] = pieces.population * pieces.area_x / pieces.area_y if "area_x" in pieces else pieces.population * pieces.geometry.area / pieces["area"]
gaps["area_km2"] = gaps.area / 1e6
gaps["pop_est"] = gaps.part.map(pieces.groupby("part")["pop"].sum()).fillna(0)
stage("gaps")

# --- DBSCAN per CTG --------------------------------------------------------------------------
initiatives["cluster_id"] = np.nan
hulls = []
inside = initiatives[initiatives.ctg_code.notna()]
for code, grp in inside.groupby("ctg_code", sort=False):
    xy = np.column_stack([grp.geometry.x, grp.geometry.y])
    labels = DBSCAN(eps=EPS, min_samples=MIN_PTS).fit(xy).labels_
    initiatives.loc[grp.index, "cluster_id"] = np.where(labels >= 0, labels + 1, np.nan)
    for lab in sorted(set(labels) - {-1}):
        pts = grp.geometry[labels == lab]
        h = MultiPoint(list(pts)).convex_hull
        hulls.append({"ctg_code": code, "cluster_id": lab + 1, "n_initiatives": len(pts),
                      "geometry": h if h.geom_type == "Polygon" else h.buffer(250)})
clusters = gpd.GeoDataFrame(hulls, crs=CRS)
stage("DBSCAN")

# --- Gi* ----------------------------------------------------------------------------------------
# The default variable ([analysis] hotspot_variable = "rate"): initiatives per 10 000
# inhabitants; a commune without inhabitants gets the global rate (docs/methods.md, "Hot spots").
counts = initiatives.groupby("insee").size()
events = communes.insee.map(counts).fillna(0).to_numpy(float)
pop = communes.population.to_numpy(float)
global_rate = 10000.0 * events.sum() / pop.sum()
x = np.where(pop > 0, 10000.0 * events / np.where(pop > 0, pop, 1), global_rate)
buffered = gpd.GeoDataFrame(communes[["insee"]], geometry=communes.buffer(1), crs=CRS)
pairs = gpd.sjoin(buffered, polys[["geometry"]], predicate="intersects")
n = len(communes)
W = sp.coo_matrix((np.ones(len(pairs)), (pairs.index.to_numpy(), pairs.index_right.to_numpy())), shape=(n, n)).tocsr()
W.data[:] = 1
mean, s = x.mean(), x.std()
w = np.asarray(W.sum(axis=1)).ravel()
num = W @ x - mean * w
den = s * np.sqrt(np.maximum(n * w - w * w, 0) / (n - 1))
communes["gi_star_z"] = np.where((den > 0) & (s > 0), num / np.where(den > 0, den, 1), 0)
# Islands: no neighbour but the commune itself (never tested nor classed).
communes["gi_island"] = (w == 1).astype(int)
stage("Gi*")

# --- perimeters ---------------------------------------------------------------------------------
lists = pd.read_csv(os.path.join(study_dir, "perimetres.csv"), sep=";", dtype=str)
by_epci = lists[lists.epci_siren.notna()].merge(epci.reset_index()[["epci_siren", "geometry"]], on="epci_siren")
per = gpd.GeoDataFrame(by_epci[["kind", "name"]], geometry=by_epci.geometry, crs=CRS)
poly_src = gpd.read_file(os.path.join(study_dir, "pat_polygones.geojson")).to_crs(CRS)
per = pd.concat([per, poly_src[["kind", "name", "geometry"]]], ignore_index=True)
perimeters = gpd.GeoDataFrame(per, crs=CRS).dissolve(by=["kind", "name"]).reset_index()
for kind in ["PAT", "PCAET", "CTE"]:
    pk = perimeters[perimeters.kind == kind][["geometry"]]
    hit = gpd.sjoin(reps, pk, predicate="intersects").insee.unique()
    communes[f"in_{kind.lower()}"] = communes.insee.isin(hit)
    ih = gpd.sjoin(initiatives[["geometry"]], pk, predicate="intersects").index.unique()
    initiatives[f"in_{kind.lower()}"] = initiatives.index.isin(ih).astype(int)
stage("perimeters")

ind = communes.groupby("ctg_code").agg(population=("population", "sum"), n_communes=("insee", "size"),
                                        pop_uncovered=("pop_uncovered", "sum"))
for kind in ["pat", "pcaet", "cte"]:
    ind[f"{kind}_share"] = (communes.population * communes[f"in_{kind}"]).groupby(communes.ctg_code).sum() / ind.population
ind["uncovered_share"] = ind.pop_uncovered / ind.population
ind["n_structures"] = covering.groupby("ctg_code").size()
ind["n_other_places"] = structures[~structures.index.isin(covering.index)].groupby("ctg_code").size()
ind["n_initiatives"] = initiatives.groupby("ctg_code").size()
ind["n_clusters"] = clusters.groupby("ctg_code").size() if len(clusters) else 0
ind = ind.fillna(0).reset_index()
stage("indicators")

# --- write ----------------------------------------------------------------------------------------
if os.path.exists(out):
    os.remove(out)
communes.drop(columns=["rep"]).to_file(out, layer="communes", driver="GPKG")
epci.reset_index().to_file(out, layer="epci", driver="GPKG")
ctg.reset_index().to_file(out, layer="ctg", driver="GPKG")
structures.to_file(out, layer="structures", driver="GPKG")
initiatives.to_file(out, layer="initiatives", driver="GPKG")
if len(clusters):
    clusters.to_file(out, layer="initiative_clusters", driver="GPKG")
gaps.to_file(out, layer="coverage_gaps", driver="GPKG")
perimeters.to_file(out, layer="perimeters", driver="GPKG")
# The spec allows ctg_indicators with CTG polygons; GeoPandas needs a geometry to write.
gpd.GeoDataFrame(ind.merge(ctg.reset_index()[["ctg_code", "geometry"]], on="ctg_code"), crs=CRS).to_file(
    out, layer="ctg_indicators", driver="GPKG")
stage("write GeoPackage")

total = time.perf_counter() - t_start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"total_seconds": round(total, 2), "peak_mib": round(peak), "stages": stages,
                  "communes": len(communes), "pop_uncovered": float(communes.pop_uncovered.sum()),
                  "gap_pop_est": float(gaps.pop_est.sum()), "clusters": len(clusters)}))
