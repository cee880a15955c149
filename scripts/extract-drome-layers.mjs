#!/usr/bin/env node
// Regenerates the bundled Drôme default layers in data/geo/:
//  - drome_structures.csv: real AVS-type places (centres sociaux, EVS, MJC/MPT, maisons de
//    quartier...) from @gouvfr-anct/cartographie-nationale (Licence Ouverte 2.0), Drôme and the
//    neighbouring départements (a structure across the border still serves residents). The
//    TECS attributes (ambassador, bonus dimensions) are published nowhere: ILLUSTRATIVE values.
//  - drome_initiatives_illustratives.csv: an ILLUSTRATIVE register of TECS initiatives, seeded,
//    consistent with the programme's published counts (44 projects in 2021, 42 in 2022), carried
//    by the real Drôme structures. Written as a French spreadsheet exports it (';', decimal comma).
//  - drome_perimeters.csv: PCAET from the legal obligation (EPCI over 20 000 inhabitants), CTE from
//    the préfecture de la Drôme's public list, PAT ILLUSTRATIVE.
// Usage: (cd scripts && npm ci) && node scripts/extract-drome-layers.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'data', 'geo');
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

// --- structures ---------------------------------------------------------------------------
const classify = (name) => {
  if (/centre social|centre socio|centre-social|maison citoyenne|espace social et culturel/i.test(name)) return 'CS';
  if (/espace de vie sociale|\bEVS\b/i.test(name)) return 'EVS';
  if (/\bMJC\b|\bMPT\b|maison pour tous|maison des jeunes/i.test(name)) return 'MJC';
  if (/maison de quartier|maison des solidarit|carrefour des habitants|accorderie|familles rurales/i.test(name)) return 'MQ';
  return null;
};
const near = ['26', '07', '38', '84', '05', '04'];
const structures = anct
  .filter((p) => near.includes(String(p.code_postal).slice(0, 2)))
  .map((p) => ({ ...p, type: classify(p.nom) }))
  .filter((p) => p.type)
  .sort((a, b) => (a.code_postal + a.nom < b.code_postal + b.nom ? -1 : 1));
const bonusDims = ['alimentation', 'mobilité', 'réemploi', 'énergie', 'biodiversité', 'consommation'];
write('drome_structures.csv', ',',
  ['nom', 'type', 'commune', 'code_postal', 'longitude', 'latitude', 'ambassadeur', 'bonus_dd', 'source', 'note'],
  structures.map((p) => [
    p.nom.trim(), p.type, p.commune, p.code_postal, p.longitude.toFixed(6), p.latitude.toFixed(6),
    random() < 0.6 ? 'oui' : 'non',
    [...new Set([pick(bonusDims), pick(bonusDims)])].join(' ; '),
    `ANCT cartographie nationale (${p.source}, ${p.date_maj})`,
    'ambassadeur et bonus_dd : valeurs ILLUSTRATIVES (non publiées)',
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
const perYear = { 2021: 44, 2022: 42 };
const rows = [];
const metresToDeg = (m, lat) => [m / (111320 * Math.cos((lat * Math.PI) / 180)), m / 110540];
for (const [year, count] of Object.entries(perYear)) {
  for (let i = 0; i < count; i++) {
    const s = pick(drome);
    const [theme, titles] = pick(themes);
    // Within about 4 km of the carrying structure: projects happen in its neighbourhood.
    const r = 4000 * Math.sqrt(random()), a = 2 * Math.PI * random();
    const [dlon, dlat] = metresToDeg(r * Math.cos(a), s.latitude);
    const lon = s.longitude + dlon, lat = s.latitude + (r * Math.sin(a)) / 110540;
    void dlat;
    rows.push([`${pick(titles)} – ${s.commune}`, year, theme, s.nom.trim(),
      lon.toFixed(6).replace('.', ','), lat.toFixed(6).replace('.', ','), '', 'oui']);
  }
}
// A few rows as registers really hold them: no coordinates, only a commune code, one of which is
// an old code (26184, Miribel, now part of Valherbasse 26210).
const byCode = [['26184', 'Miribel'], ['26113', 'Die'], ['26235', 'Nyons'], ['26108', 'Crest']];
for (const [code, name] of byCode) {
  const [theme, titles] = pick(themes);
  rows.push([`${pick(titles)} – ${name}`, 2022, theme, '', '', '', code, 'oui']);
}
write('drome_initiatives_illustratives.csv', ';',
  ['titre', 'année', 'thème', 'structure', 'longitude', 'latitude', 'code_insee', 'illustratif'], rows, true);

// --- perimeters -------------------------------------------------------------------------
const popOf = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c.population ?? 0]));
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
for (const [name, sirens] of [['PAT Valence Romans (illustratif)', ['200068781']], ['PAT Biovallée et Diois (illustratif)', ['242600252', '200040509', '242600534']]])
  for (const s of sirens)
    perimeterRows.push(['PAT', name, s, '', 'périmètre ILLUSTRATIF : aucune source publique citée', 'oui']);
write('drome_perimeters.csv', ';', ['kind', 'name', 'epci_siren', 'code_insee', 'source', 'illustratif'], perimeterRows, true);
