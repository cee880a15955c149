#!/usr/bin/python3
"""Regenerates data/modeles/registre-structures.xlsx from registre-structures.csv (the source of
truth), deterministic. Debian: apt-get install python3-openpyxl.

Usage, from the repository root: /usr/bin/python3 data/modeles/make_modeles.py

The workbook holds the sheet "Structures" FIRST (so that `structures = "registre.xlsx"` reads it
without a `sheet` key) and a "Notes" sheet explaining the columns. Every cell is text, as CAF
exports are; the example rows are demonstration data (column illustratif = oui).
"""
import csv
import io
import os
import re
import zipfile

import openpyxl
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))

NOTES = [
    "Modèle de registre des structures pour tecsmap (données de démonstration).",
    "",
    "Les lignes de la feuille « Structures » sont des EXEMPLES (colonne illustratif = oui), "
    "une par méthode de placement :",
    "  A : latitude et longitude ; B : adresse (fichier BAN de [geocoding] ban) ; "
    "C : code postal et commune ; D : code INSEE seul.",
    "Remplacez-les par vos structures et videz la colonne illustratif.",
    "",
    "Colonnes : nom (obligatoire) ; type (Centre social / CS, Espace de vie sociale / EVS, "
    "sinon « autre » : lieu dessiné qui ne couvre pas) ; SIRET ; date d'agrément ; fin "
    "d'agrément ; adresse ; complément ; code postal ; commune ; code INSEE ; latitude ; "
    "longitude ; zone_insee (codes INSEE de la zone de compétence séparés par ;) ; "
    "Bonus interne/externe/transversale AAAA, Ambassadeur AAAA, Heures ambassadeur AAAA "
    "(oui/non, une colonne par année) ; illustratif.",
    "",
    "Dans l'étude : structures = \"registre-structures.xlsx\" (la première feuille est lue), ou "
    "structures = { path = \"registre.xlsx\", sheet = \"Structures\" }.",
    "Vérification : tecsmap validate etude.toml (lignes placées par coordonnées, adresse, "
    "commune ; lignes non placées avec leur numéro et la raison).",
]


def main():
    with open(os.path.join(HERE, 'registre-structures.csv'), encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f, delimiter=';'))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Structures'
    for r in rows:
        ws.append([v if v != '' else None for v in r])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    notes = wb.create_sheet('Notes')
    for line in NOTES:
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    # Fixed timestamps: the same CSV gives the same bytes.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(HERE, 'registre-structures.xlsx'), 'w',
                         zipfile.ZIP_DEFLATED) as out:
        for item in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(item.filename)
            if item.filename == 'docProps/core.xml':
                data = re.sub(rb'<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>',
                              rb'<dcterms:\1\2>2024-01-01T00:00:00Z</dcterms:\1>', data)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


if __name__ == '__main__':
    main()
