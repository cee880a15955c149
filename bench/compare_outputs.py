#!/usr/bin/env python3
# Compares two tecsmap GeoPackages of the same study, before and after a change meant to leave
# every figure as it was (docs/performance.md): every attribute of every layer (geometry
# excluded; run_info and the styles' dates skipped) must be identical, except coverage_gaps,
# whose parts are compared as a sorted list of (area_km2, pop_est): same number of parts, areas
# within 1e-9 relative (the order of floating-point sums of a union built differently), pop_est
# within 1e-6 inhabitant. With --geometry, also every geometry byte for byte (coverage_gaps
# included) and every spatial index's entries (rtree_*: id and the four bounds).
# Prints one line per layer and SAME or DIFFERENT (exit code 0 or 1).
# Usage: compare_outputs.py [--geometry] BEFORE.gpkg AFTER.gpkg
import sqlite3, sys, math
args = sys.argv[1:]
geometry = '--geometry' in args
args = [x for x in args if x != '--geometry']
a, b = args[0], args[1]
def tables(db):
    return [r[0] for r in db.execute("select table_name from gpkg_contents order by table_name")]
da, db_ = sqlite3.connect(a), sqlite3.connect(b)
ok = True
for t in tables(da):
    cols = [r[1] for r in da.execute(f'pragma table_info("{t}")') if r[2].upper() not in ('POLYGON','MULTIPOLYGON','POINT','GEOMETRY','LINESTRING','MULTIPOINT')]
    q = f'select {",".join(chr(34)+c+chr(34) for c in cols)} from "{t}" order by fid'
    ra, rb = list(da.execute(q)), list(db_.execute(q))
    if t == 'coverage_gaps':
        ia = cols.index('area_km2'); ip = cols.index('pop_est')
        sa = sorted((r[ia], r[ip]) for r in ra); sb = sorted((r[ia], r[ip]) for r in rb)
        if len(sa) != len(sb): print('gaps count', len(sa), len(sb)); ok = False; continue
        worst = max((abs(x[0]-y[0])/max(1e-12,abs(x[0])) for x, y in zip(sa, sb)), default=0)
        worstp = max((abs(x[1]-y[1]) for x, y in zip(sa, sb)), default=0)
        ta = sum(x[0] for x in sa); tb = sum(x[0] for x in sb)
        pa = sum(x[1] for x in sa); pb = sum(x[1] for x in sb)
        print(f'coverage_gaps: {len(sa)} parts, worst area rel diff {worst:.2e}, worst pop diff {worstp:.2e}, total area {ta!r} vs {tb!r}, pop {pa!r} vs {pb!r}, identical rows: {ra == rb}')
        if worst > 1e-9 or worstp > 1e-6: ok = False
        continue
    if t == 'run_info':
        continue
    if t == 'layer_styles':
        ra = [r[:-1] for r in ra]; rb = [r[:-1] for r in rb]
    if ra != rb:
        diff = sum(1 for x, y in zip(ra, rb) if x != y)
        print(f'{t}: {diff} rows differ of {len(ra)} ({len(rb)})'); ok = False
        for x, y in zip(ra, rb):
            if x != y: print('  ', x, '\n  ', y); break
    else:
        print(f'{t}: identical ({len(ra)} rows)')
if geometry:
    for t in tables(da):
        geom = [r[0] for r in da.execute("select column_name from gpkg_geometry_columns where table_name = ?", (t,))]
        for g in geom:
            q = f'select fid, "{g}" from "{t}" order by fid'
            ra, rb = list(da.execute(q)), list(db_.execute(q))
            diff = sum(1 for x, y in zip(ra, rb) if x != y) + abs(len(ra) - len(rb))
            print(f'{t}.{g}: {"identical" if diff == 0 else str(diff) + " rows differ"} ({len(ra)} geometries)')
            ok = ok and diff == 0
            rt = f'rtree_{t}_{g}'
            has = [d.execute("select count(*) from sqlite_master where name = ?", (rt,)).fetchone()[0] > 0
                   for d in (da, db_)]
            if has[0] != has[1]:
                print(f'{rt}: only in {"BEFORE" if has[0] else "AFTER"}'); ok = False
            elif has[0]:
                q = f'select id, minx, maxx, miny, maxy from "{rt}" order by id'
                ea, eb = list(da.execute(q)), list(db_.execute(q))
                print(f'{rt}: {"identical" if ea == eb else "DIFFERENT"} ({len(ea)} entries)')
                ok = ok and ea == eb
print('SAME' if ok else 'DIFFERENT')
sys.exit(0 if ok else 1)
