#!/usr/bin/env node
// Regenerates the bundled Drôme default layers in data/geo/ (deterministic: seeded PRNG, sorted
// inputs; running it again gives the same bytes):
//  - drome_structures.csv: the places of the ANCT digital-inclusion map (médiation numérique,
//    @gouvfr-anct/cartographie-nationale, Licence Ouverte 2.0) in the Drôme and the neighbouring
//    départements whose NAME looks like a social-life place (centre social, EVS, MJC/MPT, maison
//    de quartier...). It is NOT the CAF's register of agreed structures: `type` is CS or EVS only
//    where the name says so, `autre` otherwise. The TECS programme columns (bonus dimensions and
//    ambassadors per year, on the Drôme CS/EVS only) are ILLUSTRATIVE: published nowhere, seeded.
//  - drome_initiatives_illustratives.csv: an ILLUSTRATIVE register of TECS initiatives, seeded,
//    with the programme's published counts (44 projects in 2021, 42 in 2022), carried by the
//    Drôme places above, each point inside a Drôme commune and that commune named on its row
//    (4 rows of 2022 are located only by their commune, as registers often are).
//  - drome_perimeters.csv: PCAET from the legal obligation (EPCI over 20 000 inhabitants), CTE
//    from the préfecture de la Drôme's public list.
//  - drome_pat_illustratifs.csv: ILLUSTRATIVE PAT perimeters (no public source cited).
// Commune polygons (IGN Admin Express COG 2018 via france-geojson) are READ from the local
// mirror, never copied: they decide which commune a generated point lies in.
// Usage: (cd scripts && npm ci) && node scripts/extract-drome-layers.mjs [path/to/france-geojson]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'data', 'geo');
const geo = process.argv[2] ?? join(here, '..', '..', 'shared', 'geo', 'france-geojson');
const anct = JSON.parse(readFileSync(join(here, 'node_modules', '@gouvfr-anct', 'cartographie-nationale',
  'assets', 'data', 'source.json'), 'utf8'));
const cog = join(here, 'node_modules', '@etalab', 'decoupage-administratif', 'data');
const communes = JSON.parse(readFileSync(join(cog, 'communes.json'), 'utf8'));
const epcis = JSON.parse(readFileSync(join(cog, 'epci.json'), 'utf8'));

// Deterministic PRNG (mulberry32) so that the illustrative files are reproducible.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(2026);
const pick = (list) => list[Math.floor(random() * list.length)];
const csv = (sep) => (v) => {
  const s = v === undefined || v === null ? '' : String(v);
  return s.includes(sep) || s.includes('"') || s.includes('\n') ? '"' + s.replace(/"/g, '""') + '"' : s;
};
const write = (name, sep, header, rows, bom = false) => {
  const q = csv(sep);
  const text = [header.join(sep), ...rows.map((r) => r.map(q).join(sep))].join('\r\n') + '\r\n';
  writeFileSync(join(out, name), (bom ? '\ufeff' : '') + text);
  console.log(`${name}: ${rows.length} rows`);
};
const yesNo = (b) => (b ? 'oui' : 'non');

// --- communes: current names, postcodes, old codes, polygons ------------------------------
const current = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));
const oldToCurrent = new Map();
for (const c of current.values()) for (const o of c.anciensCodes ?? []) oldToCurrent.set(o, c.code);
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’']/g, ' ')
  .toLowerCase().replace(/[^a-z0-9]+/g, ' ').replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte')
  .replace(/\bl ?h/g, 'lh').trim().replace(/^(le|la|les|l) /, '');
// The commune a register row names: among the postcode's communes, the one whose name fits.
const communeOf = (name, postcode) => {
  const candidates = [...current.values()].filter((c) => (c.codesPostaux ?? []).includes(postcode));
  const key = fold(name);
  const exact = candidates.filter((c) => fold(c.nom) === key || key.startsWith(fold(c.nom) + ' ') ||
    fold(c.nom).startsWith(key + ' '));
  if (exact.length === 1) return exact[0];
  if (candidates.length === 1) return candidates[0];
  throw new Error(`commune « ${name} » (${postcode}) introuvable`);
};
const depDirs = { '26': '26-drome', '07': '07-ardeche', '38': '38-isere', '84': '84-vaucluse',
  '05': '05-hautes-alpes', '04': '04-alpes-de-haute-provence' };
const polygons = [];
for (const [dep, dir] of Object.entries(depDirs)) {
  const fc = JSON.parse(readFileSync(join(geo, 'departements', dir, `communes-${dir}.geojson`), 'utf8'));
  for (const f of fc.features) {
    const code = oldToCurrent.get(f.properties.code) ?? f.properties.code;
    const g = f.geometry;
    polygons.push({ code, dep, rings: (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat() });
  }
}
const insideRings = (rings, x, y) => {
  let c = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  return c;
};
// Distance in metres from a point to the nearest edge of a commune (equirectangular).
const clearance = (rings, x, y) => {
  const kx = 111320 * Math.cos((y * Math.PI) / 180), ky = 110540;
  let best = Infinity;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = (ring[j][0] - x) * kx, ay = (ring[j][1] - y) * ky;
      const bx = (ring[i][0] - x) * kx, by = (ring[i][1] - y) * ky;
      const dx = bx - ax, dy = by - ay, L = dx * dx + dy * dy;
      const t = L === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / L));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  return best;
};
const containing = (x, y) => polygons.find((p) => insideRings(p.rings, x, y));

// --- structures ---------------------------------------------------------------------------
// The agreement type is what the name establishes, nothing more.
const typeOf = (name) => {
  if (/centre[ -]social|centre socio/i.test(name)) return 'CS';
  if (/espace de vie sociale|\bEVS\b/i.test(name)) return 'EVS';
  return 'autre';
};
const categoryOf = (name) => {
  if (/centre[ -]social|centre socio/i.test(name)) return 'centre social';
  if (/espace de vie sociale|\bEVS\b/i.test(name)) return 'espace de vie sociale';
  if (/espace social et culturel/i.test(name)) return 'espace social et culturel';
  if (/\bMJC\b|maison des jeunes/i.test(name)) return 'MJC';
  if (/\bMPT\b|maison pour tous/i.test(name)) return 'maison pour tous';
  if (/maison de quartier|maison citoyenne/i.test(name)) return 'maison de quartier';
  if (/maison des solidarit/i.test(name)) return 'maison des solidarités';
  if (/carrefour des habitants/i.test(name)) return 'association d\'habitants';
  if (/accorderie/i.test(name)) return 'accorderie';
  if (/familles rurales/i.test(name)) return 'Familles rurales';
  return null;
};
const near = Object.keys(depDirs);
const structures = anct
  .filter((p) => near.includes(String(p.code_postal).slice(0, 2)))
  .map((p) => ({ ...p, nom: p.nom.trim(), categorie: categoryOf(p.nom) }))
  .filter((p) => p.categorie)
  .sort((a, b) => (a.code_postal + a.nom < b.code_postal + b.nom ? -1 : 1));
for (const s of structures) {
  s.type = typeOf(s.nom);
  s.cog = communeOf(s.commune, String(s.code_postal));
  const at = containing(s.longitude, s.latitude);
  if (!at || at.code !== s.cog.code)
    throw new Error(`${s.nom} : le point n'est pas dans ${s.cog.nom} (${s.cog.code})`);
}
const years = [2021, 2022];
const programmeHeader = years.flatMap((y) => [`Bonus interne ${y}`, `Bonus externe ${y}`,
  `Bonus transversale ${y}`, `Ambassadeur ${y}`, `Heures ambassadeur ${y}`]);
// ILLUSTRATIVE programme attributes: only the Drôme CS and EVS take part in the CAF de la
// Drôme's TECS programme.
const programme = (s) => {
  if (s.type === 'autre' || !String(s.code_postal).startsWith('26')) return programmeHeader.map(() => '');
  return years.flatMap(() => {
    const ambassador = random() < 0.5;
    return [yesNo(random() < 0.6), yesNo(random() < 0.45), yesNo(random() < 0.3), yesNo(ambassador),
      ambassador ? String(4 + Math.floor(random() * 9)) : ''];
  });
};
write('drome_structures.csv', ',',
  ['nom', 'type', 'categorie', 'adresse', 'code_postal', 'commune', 'code_insee', 'longitude', 'latitude',
    ...programmeHeader, 'source', 'note'],
  structures.map((p) => [
    p.nom, p.type, p.categorie, (p.adresse ?? '').trim(), p.code_postal, p.cog.nom, p.cog.code,
    p.longitude.toFixed(6), p.latitude.toFixed(6), ...programme(p),
    `ANCT cartographie nationale de la médiation numérique (${p.source}, ${p.date_maj})`,
    p.type === 'autre' ? 'lieu de médiation numérique, pas un agrément CAF établi'
      : 'colonnes bonus et ambassadeur : données de démonstration (valeurs ILLUSTRATIVES, non publiées)',
  ]));

// --- initiatives (illustrative) -----------------------------------------------------------
const themes = [
  ['alimentation', ['Épicerie solidaire', 'Groupement d\'achat local', 'Cuisine anti-gaspi', 'Marché de producteurs']],
  ['mobilité', ['Atelier vélo participatif', 'Covoiturage solidaire', 'Vélo-école']],
  ['réemploi', ['Repair café', 'Ressourcerie éphémère', 'Gratiferia', 'Troc de vêtements']],
  ['énergie', ['Défi familles à énergie positive', 'Ateliers éco-gestes', 'Balade thermique']],
  ['jardins partagés', ['Jardin partagé', 'Grainothèque', 'Compost collectif']],
  ['plantation d\'arbres', ['Plantation de haies', 'Verger partagé', 'Forêt urbaine']],
];
const drome = structures.filter((s) => String(s.code_postal).startsWith('26'));
const perYear = { 2021: 44, 2022: 42 }; // the programme's published counts
// Rows of 2022 located only by their commune, as registers often are: by INSEE code and name,
// by postcode and name, by INSEE code alone.
const byCommune = [
  { insee: '26113', name: true },
  { insee: '26220', name: true },
  { postcode: '26400', commune: '26108' },
  { insee: '26114', name: false },
];
const rows = [];
const demo = 'données de démonstration (initiative inventée, non publiable)';
for (const [year, count] of Object.entries(perYear)) {
  const located = year === '2022' ? count - byCommune.length : count;
  for (let i = 0; i < located; i++) {
    const s = pick(drome);
    const [theme, titles] = pick(themes);
    // Within about 4 km of the carrying structure, inside a Drôme commune and at least 150 m
    // from its boundary (the simplified polygons are not exact to the metre).
    let lon, lat, at;
    do {
      const r = 4000 * Math.sqrt(random()), a = 2 * Math.PI * random();
      lon = s.longitude + (r * Math.cos(a)) / (111320 * Math.cos((s.latitude * Math.PI) / 180));
      lat = s.latitude + (r * Math.sin(a)) / 110540;
      at = containing(lon, lat);
    } while (!at || at.dep !== '26' || clearance(at.rings, lon, lat) < 150);
    const c = current.get(at.code);
    rows.push([`${pick(titles)} – ${c.nom}`, year, theme, s.nom, c.nom, c.code, '',
      lon.toFixed(6).replace('.', ','), lat.toFixed(6).replace('.', ','), 'oui', demo]);
  }
}
for (const b of byCommune) {
  const [theme, titles] = pick(themes);
  const s = pick(drome);
  const c = current.get(b.insee ?? b.commune);
  rows.push([`${pick(titles)} – ${c.nom}`, 2022, theme, s.nom, b.insee && !b.name ? '' : c.nom,
    b.insee ?? '', b.postcode ?? '', '', '', 'oui', demo]);
}
write('drome_initiatives_illustratives.csv', ';',
  ['titre', 'année', 'thème', 'structure', 'commune', 'code_insee', 'code_postal', 'longitude', 'latitude',
    'illustratif', 'note'], rows, true);

// --- perimeters -------------------------------------------------------------------------
const popOf = new Map([...current.values()].map((c) => [c.code, c.population ?? 0]));
const dromeEpcis = epcis.filter((e) => e.membres.some((m) => m.code.startsWith('26')));
const perimeterRows = [];
for (const e of dromeEpcis) {
  const pop = e.membres.reduce((s, m) => s + (popOf.get(m.code) ?? 0), 0);
  if (pop > 20000)
    perimeterRows.push(['PCAET', `PCAET ${e.nom}`, e.code, '',
      'obligation légale (art. L229-26 du code de l\'environnement) : EPCI de plus de 20 000 habitants', 'non']);
}
perimeterRows.push(['CTE', 'CTE du Royans-Vercors', '200067767', '', 'préfecture de la Drôme : CTE signé en février 2020', 'non']);
for (const siren of ['242600252', '200040509'])
  perimeterRows.push(['CTE', 'CTE Biovallée (Val de Drôme et Crestois)', siren, '',
    'préfecture de la Drôme : CTE en préparation en 2020', 'non']);
const header = ['kind', 'name', 'epci_siren', 'code_insee', 'source', 'illustratif'];
write('drome_perimeters.csv', ';', header, perimeterRows, true);
const patRows = [];
for (const [name, sirens] of [['PAT Valence Romans (illustratif)', ['200068781']], ['PAT Biovallée et Diois (illustratif)', ['242600252', '200040509', '242600534']]])
  for (const s of sirens)
    patRows.push(['PAT', name, s, '', 'périmètre ILLUSTRATIF (données de démonstration) : aucune source publique citée', 'oui']);
write('drome_pat_illustratifs.csv', ';', header, patRows, true);
