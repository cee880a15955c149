#!/usr/bin/python3
"""Reads the ways of an OSM extract with GDAL's OSM driver (the `lines` layer: tags and resolved
node coordinates), for the reader comparison of docs/performance.md (libosmium is what
tecsmap uses; see tecsmap-bench-access). Prints the wall time and the ways and points read.

usage: osm_reader_gdal.py EXTRACT.osm.pbf
"""
import sys
import time

from osgeo import gdal, ogr

gdal.UseExceptions()
t0 = time.perf_counter()
ds = ogr.Open(sys.argv[1])
layer = ds.GetLayerByName("lines")
ways = points = 0
for feature in layer:
    if feature.GetField("highway") is None:
        continue
    g = feature.GetGeometryRef()
    ways += 1
    points += g.GetPointCount()
print(f"GDAL OSM driver: {ways} highway ways, {points} points in {time.perf_counter() - t0:.2f} s")
