#!/usr/bin/python3
"""Regenerates the register fixtures of tests/core/test_registers*.cpp (deterministic).

Usage, from the repository root (Debian: apt-get install python3-openpyxl python3-odf):
    /usr/bin/python3 tests/data/registers/make_fixtures.py [path/to/france-geojson]

Writes, in tests/data/registers/:
- adresses-26-extrait.csv.gz: a Base Adresse Nationale extract in the OFFICIAL CSV format of
  adresse.data.gouv.fr (same header, `;`, UTF-8, gzip), with SYNTHETIC streets and numbers laid
  inside the real Drôme commune polygons (IGN Admin Express COG 2018 via france-geojson, read
  here only, never copied). x/y are Lambert-93 (EPSG:2154), lon/lat WGS84.
- adresses-07-extrait.csv.gz: the same for three Ardèche communes (a BAN of another département).
- registre-structures-drome.xlsx: a SYNTHETIC register of ~120 structures as CAFs keep them
  (a notes sheet first, the "Structures" sheet, every placing form, a blank line, a totals row);
  registre-structures-drome-attendu.csv: for each line, what a correct placement gives.
- classeur-formes.xlsx / classeur-formes.ods: the awkward shapes (several sheets, merged header
  cells, text numbers, dates as serials and as text, blank lines, totals rows, trailing spaces).
- registre-cp1252.csv: a register exported by Excel as "CSV (séparateur: point-virgule)".
"""
import csv
import datetime
import gzip
import io
import json
import math
import os
import random
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
GEO = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(
    os.path.join(ROOT, '..', 'shared', 'geo', 'france-geojson'))
FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)

BAN_HEADER = ('id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;'
              'code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;'
              'nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;'
              'certification_commune;cad_parcelles').split(';')

# ---------------------------------------------------------------- Lambert-93 (EPSG:2154)
A, F = 6378137.0, 1 / 298.257222101
E = math.sqrt(2 * F - F * F)


def _m(phi):
    return math.cos(phi) / math.sqrt(1 - (E * math.sin(phi)) ** 2)


def _t(phi):
    s = E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (E / 2)


P1, P2, P0, L0 = map(math.radians, (44.0, 49.0, 46.5, 3.0))
N = (math.log(_m(P1)) - math.log(_m(P2))) / (math.log(_t(P1)) - math.log(_t(P2)))
FF = _m(P1) / (N * _t(P1) ** N)
RHO0 = A * FF * _t(P0) ** N


def lambert93(lon, lat):
    rho = A * FF * _t(math.radians(lat)) ** N
    theta = N * (math.radians(lon) - L0)
    return 700000 + rho * math.sin(theta), 6600000 + RHO0 - rho * math.cos(theta)


# ---------------------------------------------------------------- geometry helpers (lon/lat)
def rings_of(geom):
    polys = [geom['coordinates']] if geom['type'] == 'Polygon' else geom['coordinates']
    return [ring for poly in polys for ring in poly]


def inside(rings, x, y):
    c = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                c = not c
    return c


def clearance_m(rings, x, y):
    kx = 111320 * math.cos(math.radians(y))
    ky = 110540
    best = float('inf')
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            ax, ay = (x1 - x) * kx, (y1 - y) * ky
            bx, by = (x2 - x) * kx, (y2 - y) * ky
            dx, dy = bx - ax, by - ay
            L = dx * dx + dy * dy
            t = 0 if L == 0 else max(0, min(1, -(ax * dx + ay * dy) / L))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def deep_point(geom):
    """A point well inside the polygon and its distance to the boundary (metres)."""
    rings = rings_of(geom)
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    best = None
    for i in range(1, 16):
        for j in range(1, 16):
            x = min(xs) + (max(xs) - min(xs)) * i / 16
            y = min(ys) + (max(ys) - min(ys)) * j / 16
            if inside(rings, x, y):
                d = clearance_m(rings, x, y)
                if best is None or d > best[2]:
                    best = (x, y, d)
    return best


def offset(lon, lat, dx_m, dy_m):
    return (lon + dx_m / (111320 * math.cos(math.radians(lat))), lat + dy_m / 110540)


# ---------------------------------------------------------------- reference tables
def load_cog():
    communes, postcodes = {}, {}
    with open(os.path.join(ROOT, 'data', 'geo', 'cog_communes.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            communes[r['insee']] = r
    with open(os.path.join(ROOT, 'data', 'geo', 'cog_postcodes.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            postcodes.setdefault(r['insee'], []).append(r['code_postal'])
    return communes, postcodes


def load_polygons(dep_dir, dep_file):
    with open(os.path.join(GEO, 'departements', dep_dir, dep_file), encoding='utf-8') as f:
        return {feat['properties']['code']: feat['geometry'] for feat in json.load(f)['features']}


STREETS = ['Avenue Victor Hugo', 'Rue de la République', 'Boulevard Gambetta', 'Chemin des Vignes',
           'Route de Nyons', "Place de l'Église", 'Impasse des Lilas', 'Allée des Platanes',
           'Rue Saint-Jean', 'Faubourg Saint-Antoine', "Quai de l'Isère", 'Cours Jean Jaurès',
           'Lotissement les Chênes', 'Rue du Docteur Roux', 'Montée des Pénitents',
           'Avenue de la Libération', 'Rue Sainte-Marie', 'Chemin de la Forêt',
           'Rue des Écoles', 'Place du Marché', 'Route de Valence', 'Rue Pasteur',
           'Avenue du Général de Gaulle', 'Chemin du Stade']

# ---------------------------------------------------------------- BAN extracts
def afnor(name):
    import unicodedata
    s = unicodedata.normalize('NFD', name)
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').upper().replace("'", ' ')
    return s.replace('-', ' ')


def make_ban(dep, communes_spec, cog, postcodes, polygons, rng):
    """communes_spec: list of (insee current, polygon code, former code or '')."""
    rows, truth = [], {}
    for insee, poly_code, former in communes_spec:
        geom = polygons[poly_code]
        lon0, lat0, clear = deep_point(geom)
        assert clear > 250, (poly_code, clear)
        names = rng.sample(STREETS, 4)
        if insee == '26362':  # Valence: the streets the register's misspellings aim at
            names = ['Avenue Victor Hugo', 'Rue de la République', 'Boulevard Gambetta',
                     'Avenue de la Libération', 'Rue des Écoles', 'Quai de l\'Isère']
        if insee == '26210':  # the same street names in both former communes of Valherbasse
            names = ['Impasse des Lilas', "Place de l'Église", 'Rue Pasteur', 'Chemin du Stade']
        scale = min(1.0, (clear - 60) / 260)
        for k, name in enumerate(names):
            ang = 2 * math.pi * k / len(names) + rng.uniform(-0.3, 0.3)
            sx, sy = offset(lon0, lat0, 60 * scale * math.cos(ang), 60 * scale * math.sin(ang))
            heading = ang + rng.uniform(-0.5, 0.5)
            fantoir = f'{insee}_{rng.randrange(1000, 9999):04d}'
            cp = postcodes[insee][0]
            nom_commune = cog[insee]['nom']
            for number in range(1, 19):
                if number in (7, 9, 14):
                    continue  # gaps: the nearest number answers
                reps = [''] + (['bis'] if number in (3, 12) else []) + (['ter'] if number == 12 else [])
                for rep in reps:
                    along = (number // 2) * 12 * scale + (4 if rep else 0)
                    side = 8 if number % 2 else -8
                    px, py = offset(sx, sy, along * math.cos(heading) - side * math.sin(heading),
                                    along * math.sin(heading) + side * math.cos(heading))
                    x, y = lambert93(px, py)
                    ident = f'{fantoir}_{number:05d}' + (f'_{rep}' if rep else '')
                    former_name = cog_names.get(former, '') if former else ''
                    rows.append([ident, fantoir, str(number), rep, name, cp, insee, nom_commune,
                                 former, former_name, f'{x:.2f}', f'{y:.2f}', f'{px:.6f}',
                                 f'{py:.6f}', 'entrée', '', '', afnor(nom_commune), afnor(name),
                                 'commune', 'commune', '1', ''])
                    truth[(insee, name, number, rep)] = (x, y)
    rows.sort(key=lambda r: (r[6], r[4], int(r[2]), r[3]))
    text = ';'.join(BAN_HEADER) + '\n' + '\n'.join(';'.join(r) for r in rows) + '\n'
    path = os.path.join(HERE, f'adresses-{dep}-extrait.csv.gz')
    with open(path, 'wb') as f:
        f.write(gzip.compress(text.encode('utf-8'), mtime=0))
    return truth


# ---------------------------------------------------------------- the register
def register_rows(cog, postcodes, truth, rep_points):
    """(values dict, expected insee or '', expected method, expected reason, truth xy or None)."""
    rows = []

    def cp(insee):
        return postcodes[insee][0]

    def name(insee):
        return cog[insee]['nom']

    def street(insee, k=0):
        keys = sorted({(s) for (i, s, n, r) in truth if i == insee})
        return keys[k % len(keys)]

    def add(values, expected, method, reason='', xy=None):
        rows.append((values, expected, method, reason, xy))

    big = ['26362', '26198', '26281', '26058', '26235', '26252', '26057', '26165', '26324',
           '26108', '26325', '26064', '26220', '26166', '26088', '26313', '26116', '26347',
           '26124', '26113', '26037', '26197', '26084', '26301', '26010', '26333', '26250',
           '26271', '26218', '26170', '26114', '26206', '26085', '26307', '26179', '26011',
           '26004', '26006', '26231', '26191']
    # 1. Coordinates (WGS84), 15 rows.
    for i, insee in enumerate(big[:15]):
        lon, lat = rep_points[insee]
        add({'Nom de la structure': f'Centre social {name(insee)}', "Type d'agrément": 'Centre social',
             'Adresse': '', 'Code postal': cp(insee), 'Commune': name(insee).upper(),
             'Latitude': f'{lat:.6f}', 'Longitude': f'{lon:.6f}'}, insee, 'coordinates')
    # 2. Full addresses, exact, 25 rows.
    for i, insee in enumerate(big[:25]):
        st = street(insee, i)
        n = [1, 2, 4, 5, 6, 8, 10, 11, 13, 15][i % 10]
        add({'Nom de la structure': f'Espace de vie sociale {i + 1}', "Type d'agrément": 'EVS',
             'Adresse': f'{n} {st}', 'Code postal': cp(insee), 'Commune': name(insee)},
            insee, 'address', xy=truth[(insee, st, n, '')])
    # 3. Abbreviations, case, missing accents, 20 rows.
    abbreviations = {'Avenue': 'av.', 'Boulevard': 'Bd', 'Chemin': 'Ch.', 'Route': 'Rte',
                     'Place': 'Pl.', 'Impasse': 'Imp.', 'Allée': 'All.', 'Faubourg': 'Fbg',
                     'Lotissement': 'Lot.', 'Montée': 'Mte', 'Cours': 'Crs', 'Quai': 'Quai',
                     'Rue': 'R.'}
    for i, insee in enumerate(big[5:25]):
        st = street(insee, i + 1)
        first, rest = st.split(' ', 1)
        short = abbreviations.get(first, first) + ' ' + rest.replace('Saint-', 'St ').replace(
            'Sainte-', 'Ste ').replace('Docteur', 'Dr').replace('Général', 'Gal')
        if i % 3 == 1:
            short = short.upper()
        if i % 3 == 2:
            import unicodedata
            short = ''.join(c for c in unicodedata.normalize('NFD', short)
                            if unicodedata.category(c) != 'Mn')
        n = [2, 4, 6, 8, 10][i % 5]
        add({'Nom de la structure': f'Maison pour tous {i + 1}', "Type d'agrément": 'centre social associatif',
             'Adresse': f'{n}, {short}', 'Code postal': cp(insee), 'Commune': name(insee)},
            insee, 'address', xy=truth[(insee, st, n, '')])
    # 4. bis / ter, 8 rows.
    forms = [('12 bis', 12, 'bis'), ('12B', 12, 'bis'), ('12 ter', 12, 'ter'), ('3 bis', 3, 'bis'),
             ('3 Bis', 3, 'bis'), ('12 TER', 12, 'ter'), ('12 bis', 12, 'bis'), ('3bis', 3, 'bis')]
    for i, (text, n, rep) in enumerate(forms):
        insee = big[25 + i]
        st = street(insee, i)
        want = 'bis' if text == '12B' else rep
        add({'Nom de la structure': f'Centre socioculturel {i + 1}', "Type d'agrément": 'CSX',
             'Adresse': f'{text} {st}', 'Code postal': cp(insee), 'Commune': name(insee)},
            insee, 'address', xy=truth[(insee, st, n, want)])
    # 5. Numbers absent from the BAN (nearest number), 5 rows.
    for i, n in enumerate([7, 9, 14, 21, 7]):
        insee = big[33 + i]
        add({'Nom de la structure': f'EVS itinérant {i + 1}', "Type d'agrément": 'E.V.S.',
             'Adresse': f'{n} {street(insee, i)}', 'Code postal': cp(insee), 'Commune': name(insee)},
            insee, 'address')
    # 6. Street without number (street centre), 5 rows.
    for i in range(5):
        insee = big[i + 10]
        add({'Nom de la structure': f'Accueil de loisirs {i + 1}', "Type d'agrément": 'autre',
             'Adresse': street(insee, i + 2), 'Code postal': cp(insee), 'Commune': name(insee)},
            insee, 'address')
    # 7. Postcode and commune only, with the spellings registers use, 14 rows.
    spellings = [('26324', 'ST PAUL TROIS CHATEAUX'), ('26281', 'Romans s/ Isère'),
                 ('26271', 'ROCHE DE GLUN (LA)'), ('26347', 'Tain l Hermitage'),
                 ('26058', 'BOURG LES VALENCE'), ('26313', 'St-Marcel-les-Valence'),
                 ('26037', 'Beaumont les Valence'), ('26301', "ST DONAT SUR L'HERBASSE"),
                 ('26165', 'livron sur drome'), ('26124', 'ETOILE SUR RHONE'),
                 ('26220', 'Nyons'), ('26063', 'Buis les Baronnies'), ('26345', 'SUZE LA ROUSSE'),
                 ('26307', 'St Jean en Royans')]
    for i, (insee, text) in enumerate(spellings):
        add({'Nom de la structure': f'Centre social rural {i + 1}', "Type d'agrément": 'Centre Social',
             'Code postal': cp(insee), 'Commune': text}, insee, 'commune')
    # 8. INSEE code alone, 8 rows (one old code of a commune nouvelle).
    for i, code in enumerate(['26113', '26114', '26108', '26064', '26170', '26206', '26004', '26184']):
        current = '26210' if code == '26184' else code
        add({'Nom de la structure': f'EVS {i + 1}', "Type d'agrément": 'Espace de vie sociale',
             'Code INSEE': code}, current, 'commune')
    # 9. Misspelled communes and streets, 6 rows.
    add({'Nom de la structure': 'CS Montélimar Sud', "Type d'agrément": 'CS',
         'Code postal': '26200', 'Commune': 'Montelimard'}, '26198', 'commune')
    add({'Nom de la structure': 'CS Dieulefit', "Type d'agrément": 'CS',
         'Code postal': '26220', 'Commune': 'Dieulefitt'}, '26114', 'commune')
    add({'Nom de la structure': 'EVS Pierrelatte', "Type d'agrément": 'EVS',
         'Commune': 'Pierrelate'}, '26235', 'commune')
    add({'Nom de la structure': 'CS Valence Hugo', "Type d'agrément": 'CS',
         'Adresse': '5 avenue Victor Hgo', 'Code postal': '26000', 'Commune': 'Valence'},
        '26362', 'address', xy=truth[('26362', 'Avenue Victor Hugo', 5, '')])
    add({'Nom de la structure': 'CS Valence République', "Type d'agrément": 'CS',
         'Adresse': '8 rue de la Republque', 'Code postal': '26000', 'Commune': 'Valence'},
        '26362', 'address', xy=truth[('26362', 'Rue de la République', 8, '')])
    add({'Nom de la structure': 'CS Valence Libération', "Type d'agrément": 'CS',
         'Adresse': '4 Libération', 'Code postal': '26000', 'Commune': 'VALENCE'},
        '26362', 'address', xy=truth[('26362', 'Avenue de la Libération', 4, '')])
    # 10. CEDEX, 3 rows.
    add({'Nom de la structure': 'CAF de la Drôme', "Type d'agrément": 'autre',
         'Adresse': '10 Rue des Écoles, CS 30012', 'Code postal': '26904',
         'Commune': 'VALENCE CEDEX 9'}, '26362', 'address',
        xy=truth[('26362', 'Rue des Écoles', 10, '')])
    add({'Nom de la structure': 'Fédération des centres sociaux', "Type d'agrément": 'autre',
         'Code postal': '26216', 'Commune': 'Montélimar Cedex'}, '26198', 'commune')
    add({'Nom de la structure': 'CS Romans Est', "Type d'agrément": 'CS',
         'Code postal': '26102', 'Commune': 'ROMANS SUR ISERE CEDEX'}, '26281', 'commune')
    # 11. Lambert-93 typed in the degree columns, with an address: the address places it, 2 rows.
    for i, insee in enumerate(['26362', '26198']):
        st = street(insee, 3)
        x, y = truth[(insee, st, 2, '')]
        add({'Nom de la structure': f'CS coordonnées Lambert {i + 1}', "Type d'agrément": 'CS',
             'Adresse': f'2 {st}', 'Code postal': cp(insee), 'Commune': name(insee),
             'Latitude': f'{y:.0f}', 'Longitude': f'{x:.0f}'}, insee, 'address', xy=(x, y))
    # 12. Former communes of a commune nouvelle, by name, 3 rows.
    add({'Nom de la structure': 'EVS Miribel', "Type d'agrément": 'EVS', 'Code postal': '26350',
         'Commune': 'Miribel'}, '26210', 'commune')
    add({'Nom de la structure': 'EVS Montrigaud', "Type d'agrément": 'EVS', 'Code postal': '26350',
         'Commune': 'MONTRIGAUD'}, '26210', 'commune')
    add({'Nom de la structure': 'EVS Valherbasse', "Type d'agrément": 'EVS',
         'Adresse': f"4 {street('26210', 0)}", 'Code postal': '26350',
         'Commune': 'St Bonnet de Valclérieux'}, '26210', 'address')
    # 13. Rows that must not be placed silently, 4 rows.
    add({'Nom de la structure': 'CS Nyons (code de Pierrelatte)', "Type d'agrément": 'CS',
         'Commune': 'Nyons', 'Code INSEE': '26235'}, '', 'none', 'insee_name_mismatch')
    add({'Nom de la structure': 'CS code postal discordant', "Type d'agrément": 'CS',
         'Code postal': '26000', 'Commune': 'Montélimar'}, '', 'none', 'postcode_mismatch')
    add({'Nom de la structure': 'CS Beaumont', "Type d'agrément": 'CS', 'Commune': 'Beaumont'},
        '', 'none', 'ambiguous_commune')
    add({'Nom de la structure': 'Centre Multimédia MJC Centre Social', "Type d'agrément": 'CS',
         'Adresse': '1 rue du Colombier', 'Code postal': 7800, 'Commune': 'LA VOULTE SUR RHONE'},
        '', 'none', 'outside_territory')
    return rows


cog_names = {}


def main():
    global cog_names
    rng = random.Random(2611)
    cog, postcodes = load_cog()
    with open(os.path.join(ROOT, 'data', 'geo', 'cog_names.csv'), encoding='utf-8') as f:
        cog_names = {r['code']: r['nom'] for r in csv.DictReader(f)}
    poly26 = load_polygons('26-drome', 'communes-26-drome.geojson')
    poly07 = load_polygons('07-ardeche', 'communes-07-ardeche.geojson')

    used = ['26362', '26198', '26281', '26058', '26235', '26252', '26057', '26165', '26324',
            '26108', '26325', '26064', '26220', '26166', '26088', '26313', '26116', '26347',
            '26124', '26113', '26037', '26197', '26084', '26301', '26010', '26333', '26250',
            '26271', '26218', '26170', '26114', '26206', '26085', '26307', '26179', '26011',
            '26004', '26006', '26231', '26191']
    spec26 = [(c, c, '') for c in used] + [('26210', '26184', '26184'), ('26210', '26297', '26297')]
    truth = make_ban('26', spec26, cog, postcodes, poly26, rng)
    make_ban('07', [('07349', '07349', ''), ('07010', '07010', ''), ('07186', '07186', '')],
             cog, postcodes, poly07, rng)

    rep_points = {}
    for c in used:
        lon, lat, _ = deep_point(poly26[c])
        rep_points[c] = offset(lon, lat, -35, 25)  # beside the streets, still deep inside
    rows = register_rows(cog, postcodes, truth, rep_points)

    columns = ['Nom de la structure', "Type d'agrément", 'Adresse', 'Complément', 'Code postal',
               'Commune', 'Code INSEE', 'Latitude', 'Longitude', 'SIRET', "Date d'agrément",
               "Fin d'agrément"]
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = 'Lisez-moi'
    notes.append(['Registre SYNTHÉTIQUE de structures pour les tests de tecsmap.'])
    notes.append(['Généré par tests/data/registers/make_fixtures.py ; adresses fictives.'])
    ws = wb.create_sheet('Structures')
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    expected = [['line', 'insee', 'method', 'reason', 'x', 'y']]
    line = 1
    for i, (values, insee, method, reason, xy) in enumerate(rows):
        if i == 60:  # a blank line in the middle, as people leave them
            ws.append([None] * len(columns))
            line += 1
        values = dict(values)
        values.setdefault('SIRET', f'{77950000000000 + i * 137:014d}')
        if i % 3 == 0:
            values["Date d'agrément"] = datetime.date(2021 + i % 3, 1 + i % 12, 1)
        elif i % 3 == 1:
            values["Date d'agrément"] = f'{1 + i % 28:02d}/{1 + i % 12:02d}/2022'
        else:
            values["Date d'agrément"] = 44562 + i  # a serial typed as a number
        values["Fin d'agrément"] = '31/12/2025'
        ws.append([values.get(c, None) if values.get(c, '') != '' else None for c in columns])
        line += 1
        expected.append([line, insee, method, reason,
                         f'{xy[0]:.2f}' if xy else '', f'{xy[1]:.2f}' if xy else ''])
    ws.append([None] * len(columns))
    ws.append(['TOTAL', None, None, None, None, None, None, None, None, None, None, None])
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    save_xlsx(wb, os.path.join(HERE, 'registre-structures-drome.xlsx'))
    with open(os.path.join(HERE, 'registre-structures-drome-attendu.csv'), 'w', newline='',
              encoding='utf-8') as f:
        csv.writer(f, delimiter=';', lineterminator='\n').writerows(expected)

    make_shapes_xlsx()
    make_shapes_ods()
    make_cp1252_csv()


def save_xlsx(wb, path):
    """openpyxl stamps the save time into docProps/core.xml: fixed here, zip dates too."""
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as out:
        for item in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(item.filename)
            if item.filename == 'docProps/core.xml':
                import re
                data = re.sub(rb'<dcterms:modified[^>]*>[^<]*</dcterms:modified>',
                              b'<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z'
                              b'</dcterms:modified>', data)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


SHAPES_HEADER = ['Nom', 'Adresse', None, 'CP', 'Commune', "Date d'agrément", 'Montant']
SHAPES_ROWS = [  # spreadsheet lines 2.. of sheet "Structures"
    ['Centre social La Paz ', '12 bis av. Victor Hugo', 'Bât. B', '07800', 'La Voulte-sur-Rhône ',
     'date:2021-03-15', 1200],
    None,  # line 3: blank
    ['EVS Les Tilleuls', '3 rue Pasteur', None, 7800, 'LA VOULTE SUR RHONE', 44562, 800],
    ['MJC Centre Social', 'Place du Marché', None, '26000', 'Valence', '15/03/2021', 400],
    None,  # line 6: blank
    ['Maison de quartier', None, None, '26 000', 'Valence', '2021-03-15', 600],
    ['TOTAL', None, None, None, None, None, 3000],
]


def make_shapes_xlsx():
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = 'Notes'
    first.append(['Classeur de test : formes réelles (fusion, totaux, lignes vides).'])
    ws = wb.create_sheet('Structures')
    ws.append(SHAPES_HEADER)
    ws.merge_cells('B1:C1')  # "Adresse" over two columns
    for r in SHAPES_ROWS:
        if r is None:
            ws.append([])
            continue
        ws.append([datetime.date.fromisoformat(v[5:]) if isinstance(v, str) and v.startswith('date:')
                   else v for v in r])
    ws.cell(row=2, column=6).number_format = 'DD/MM/YYYY'
    # A second register sheet, and a sum row without a name at the bottom.
    ws2 = wb.create_sheet('Initiatives 2022')
    ws2.append(['Titre', 'Année', 'Code INSEE', 'Participants'])
    ws2.append(['Repair café', '2022', '26362', 12])
    ws2.append(['Jardin partagé', '2022', '26198', 30])
    ws2.append([None, None, None, 42])
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    save_xlsx(wb, os.path.join(HERE, 'classeur-formes.xlsx'))


def make_shapes_ods():
    doc = OpenDocumentSpreadsheet()

    def row(table, values):
        tr = TableRow()
        for v in values:
            if v is None:
                tr.addElement(TableCell())
            elif isinstance(v, tuple) and v[0] == 'merge':
                c = TableCell(numbercolumnsspanned=v[2], valuetype='string')
                c.addElement(P(text=v[1]))
                tr.addElement(c)
                for _ in range(v[2] - 1):
                    tr.addElement(CoveredTableCell())
            elif isinstance(v, str) and v.startswith('date:'):
                c = TableCell(valuetype='date', datevalue=v[5:])
                c.addElement(P(text=v[5:]))
                tr.addElement(c)
            elif isinstance(v, (int, float)):
                c = TableCell(valuetype='float', value=v)
                c.addElement(P(text=str(v)))
                tr.addElement(c)
            else:
                c = TableCell(valuetype='string')
                c.addElement(P(text=v))
                tr.addElement(c)
        table.addElement(tr)

    t = Table(name='Notes')
    row(t, ['Classeur de test : formes réelles (fusion, totaux, lignes vides).'])
    doc.spreadsheet.addElement(t)
    t = Table(name='Structures')
    row(t, ['Nom', ('merge', 'Adresse', 2), 'CP', 'Commune', "Date d'agrément", 'Montant'])
    for r in SHAPES_ROWS:
        if r is None:
            t.addElement(TableRow())
        else:
            row(t, r)
    doc.spreadsheet.addElement(t)
    t = Table(name='Initiatives 2022')
    row(t, ['Titre', 'Année', 'Code INSEE', 'Participants'])
    row(t, ['Repair café', '2022', '26362', 12])
    row(t, ['Jardin partagé', '2022', '26198', 30])
    row(t, [None, None, None, 42])
    doc.spreadsheet.addElement(t)
    buf = io.BytesIO()
    doc.write(buf)
    # odfpy stamps creation metadata: rewrite meta.xml and the zip dates for a stable file.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(HERE, 'classeur-formes.ods'), 'w') as out:
        for item in src.infolist():  # mimetype first, stored, as ODF requires
            data = src.read(item.filename)
            if item.filename == 'meta.xml':
                import re
                data = re.sub(rb'<meta:creation-date>[^<]*</meta:creation-date>',
                              b'<meta:creation-date>2024-01-01T00:00:00</meta:creation-date>', data)
                data = re.sub(rb'<meta:generator>[^<]*</meta:generator>',
                              b'<meta:generator>tecsmap make_fixtures.py</meta:generator>', data)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if item.filename == 'mimetype' else zipfile.ZIP_DEFLATED
            out.writestr(info, data)


def make_cp1252_csv():
    lines = ['Nom de la structure;Type;Adresse;Code postal;Commune',
             'Centre social Saint-Éloi;Centre social;5 rue des Écoles;26000;Valence',
             "Espace de vie sociale de l'Étoile;EVS;;26800;ÉTOILE-SUR-RHÔNE",
             'Maison des familles;Centre socio-culturel;;26200;Montélimar']
    with open(os.path.join(HERE, 'registre-cp1252.csv'), 'wb') as f:
        f.write(('\r\n'.join(lines) + '\r\n').encode('cp1252'))


if __name__ == '__main__':
    main()
