#!/usr/bin/env node
// Regenerates data/geo/cog_*.csv from @etalab/decoupage-administratif (MIT, COG tables).
// Usage: (cd scripts && npm ci || npm install) && node scripts/extract-cog.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, 'node_modules', '@etalab', 'decoupage-administratif');
const out = join(here, '..', 'data', 'geo');
const load = (f) => JSON.parse(readFileSync(join(pkg, 'data', f), 'utf8'));
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;

const csvField = (v) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
};
const writeCsv = (name, header, rows) => {
  const lines = [header.join(',')].concat(rows.map((r) => r.map(csvField).join(',')));
  writeFileSync(join(out, name), lines.join('\n') + '\n');
  console.log(`${name}: ${rows.length} rows`);
};

const communes = load('communes.json');
const epci = load('epci.json');

const epciOf = new Map();
for (const e of epci) for (const m of e.membres) epciOf.set(m.code, e.code);

const current = communes.filter((c) => c.type === 'commune-actuelle');
const currentCodes = new Set(current.map((c) => c.code));
writeCsv(
  'cog_communes.csv',
  ['insee', 'nom', 'departement', 'zone', 'population', 'epci_siren'],
  current
    .map((c) => [c.code, c.nom, c.departement, c.zone, c.population ?? '', epciOf.get(c.code) ?? ''])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
);

writeCsv(
  'cog_epci.csv',
  ['siren', 'nom', 'type'],
  epci.map((e) => [e.code, e.nom, e.type]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
);

// Old code -> current code. A code that is still current is never an old code. One old code
// may appear with several current codes (a split): kept as several rows, the reader reports it.
const pairs = new Map();
const add = (oldCode, cur, kind) => {
  if (currentCodes.has(oldCode) || oldCode === cur) return;
  const key = `${oldCode}>${cur}`;
  if (!pairs.has(key)) pairs.set(key, [oldCode, cur, kind]);
};
for (const c of current) for (const a of c.anciensCodes ?? []) add(a, c.code, 'ancien_code');
for (const c of communes)
  if (c.type === 'commune-deleguee' || c.type === 'commune-associee')
    add(c.code, c.chefLieu, c.type === 'commune-deleguee' ? 'deleguee' : 'associee');
writeCsv(
  'cog_old_codes.csv',
  ['old_code', 'current_code', 'kind'],
  [...pairs.values()].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)),
);
writeFileSync(join(out, 'cog_version.txt'), `@etalab/decoupage-administratif ${version}\n`);

// Postcodes of current communes (one row per pair): a register row's postcode and commune name
// are checked against them. Paris, Lyon and Marseille carry their arrondissements' postcodes.
const postcodeRows = [];
for (const c of current) for (const cp of c.codesPostaux ?? []) postcodeRows.push([c.code, cp]);
writeCsv(
  'cog_postcodes.csv',
  ['insee', 'code_postal'],
  postcodeRows.sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)),
);

// Names that designate a current commune without being its current name: communes déléguées
// and associées (former communes merged into a commune nouvelle, with their old code) and the
// municipal arrondissements of Paris, Lyon and Marseille (with their postcodes). A register
// may still write "Miribel" for Valherbasse or "Lyon 3e" for Lyon.
const nameRows = [];
for (const c of communes) {
  if (c.type === 'commune-deleguee' || c.type === 'commune-associee')
    nameRows.push([c.code, c.nom, c.type === 'commune-deleguee' ? 'deleguee' : 'associee', c.chefLieu, '']);
  else if (c.type === 'arrondissement-municipal')
    nameRows.push([c.code, c.nom, 'arrondissement', c.commune, (c.codesPostaux ?? []).join(' ')]);
}
writeCsv(
  'cog_names.csv',
  ['code', 'nom', 'kind', 'current_code', 'codes_postaux'],
  nameRows.sort((a, b) => (a[0] + a[2] + a[1] < b[0] + b[2] + b[1] ? -1 : 1)),
);
