# Opens every styled layer of a tecsmap GeoPackage in QGIS (PyQGIS) and checks that its default
# style loads from layer_styles with the expected renderer. Usage: python3 check_styles.py F.gpkg
# or, for a result published to PostGIS (styles in public.layer_styles):
#    python3 check_styles.py --postgres "host=… port=… dbname=… user=…" SCHEMA
import sys
from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
postgres = sys.argv[1] == "--postgres"
path = sys.argv[1]


def open_layer(name):
    if not postgres:
        return QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    uri = QgsDataSourceUri(sys.argv[2])
    uri.setDataSource(sys.argv[3], name, "geom", "", "fid")
    return QgsVectorLayer(uri.uri(False), name, "postgres")


ok = True
for name, expected in [("communes","categorizedSymbol"),("epci","singleSymbol"),("ctg","singleSymbol"),
                       ("structures","categorizedSymbol"),("initiatives","singleSymbol"),
                       ("initiative_clusters","categorizedSymbol"),("coverage_gaps","singleSymbol"),
                       ("perimeters","categorizedSymbol")]:
    lyr = open_layer(name)
    msg, loaded = lyr.loadDefaultStyle()
    r = lyr.renderer()
    rtype = r.type() if r else None
    extra = ""
    if rtype == "categorizedSymbol":
        extra = f" attr={r.classAttribute()} cats={[ (c.value(), c.label(), c.symbol().color().name()) for c in r.categories()][:4]}"
    else:
        sym = r.symbol(); extra = f" color={sym.color().name()} layer0={sym.symbolLayer(0).layerType()} props={ {k:v for k,v in sym.symbolLayer(0).properties().items() if k in ('style','name','outline_style')} }"
    good = loaded and rtype == expected and lyr.isValid()
    ok &= good
    print(("OK " if good else "BAD"), name, lyr.isValid(), loaded, msg, rtype, extra)
print("ALL OK" if ok else "PROBLEMS")
sys.exit(0 if ok else 1)
app.exitQgis()
