/**
 * The demo catalogue: real-sounding Dutch methods over PO, VO and MBO, each with a realistic
 * mix of print, digital and combination offers. Deterministic (a seeded PRNG), so every fresh
 * install shows the same shop and the README's figures stay true.
 */
export interface SeedMethod {
  name: string;
  publisher: string;
  subject: string;
  sector: "PO" | "VO" | "MBO";
  variants: { level: string; years: number[] }[];
  basePrice: number /* euro cents, print book, net */;
  goals: string[];
}

export const PUBLISHERS = [
  "Noordhoff",
  "ThiemeMeulenhoff",
  "Malmberg",
  "Zwijsen",
  "Blink Educatie",
  "Uitgeverij Deviant",
  "Edu'Actief",
];

export const SUBJECTS: [string, string][] = [
  ["wiskunde", "Wiskunde"],
  ["rekenen", "Rekenen"],
  ["nederlands", "Nederlands"],
  ["engels", "Engels"],
  ["frans", "Frans"],
  ["duits", "Duits"],
  ["geschiedenis", "Geschiedenis"],
  ["aardrijkskunde", "Aardrijkskunde"],
  ["biologie", "Biologie"],
  ["natuurkunde", "Natuurkunde"],
  ["scheikunde", "Scheikunde"],
  ["economie", "Economie"],
  ["lezen", "Lezen"],
  ["wereldorientatie", "Wereldoriëntatie"],
  ["burgerschap", "Burgerschap"],
];

export const GOALS: [string, string][] = [
  ["KD-REK-1F", "Rekenen referentieniveau 1F"],
  ["KD-REK-2F", "Rekenen referentieniveau 2F"],
  ["KD-TAAL-2F", "Taal referentieniveau 2F"],
  ["KD-TAAL-3F", "Taal referentieniveau 3F"],
  ["KD-ENG-A2", "Engels ERK A2"],
  ["KD-ENG-B1", "Engels ERK B1"],
  ["KD-MVT-A2", "Moderne vreemde taal ERK A2"],
  ["KD-WIS-ALG", "Algebraïsche vaardigheden"],
  ["KD-WIS-MEET", "Meten en meetkunde"],
  ["KD-MENS-NAT", "Mens en natuur"],
  ["KD-MENS-MAAT", "Mens en maatschappij"],
  ["KD-BURG", "Burgerschapsvorming"],
  ["KD-LEES", "Begrijpend lezen"],
  ["KD-TECH", "Wetenschap en technologie"],
];

const vo = (levels: string[], years: number[]) => levels.map((level) => ({ level, years }));

export const METHODS: SeedMethod[] = [
  {
    name: "Getal & Ruimte",
    publisher: "Noordhoff",
    subject: "wiskunde",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
      { level: "vwo", years: [1] },
      { level: "vwo", years: [2] },
      { level: "vmbo-kgt", years: [1] },
    ],
    basePrice: 3995,
    goals: ["KD-WIS-ALG", "KD-WIS-MEET"],
  },
  {
    name: "Moderne Wiskunde",
    publisher: "Noordhoff",
    subject: "wiskunde",
    sector: "VO",
    variants: vo(["havo", "vwo"], [3]),
    basePrice: 4250,
    goals: ["KD-WIS-ALG"],
  },
  {
    name: "Nederlands Nu",
    publisher: "Malmberg",
    subject: "nederlands",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
      { level: "vmbo-t", years: [2] },
    ],
    basePrice: 3450,
    goals: ["KD-TAAL-2F", "KD-TAAL-3F"],
  },
  {
    name: "Nieuw Nederlands",
    publisher: "Noordhoff",
    subject: "nederlands",
    sector: "VO",
    variants: vo(["vwo"], [1, 2]),
    basePrice: 3650,
    goals: ["KD-TAAL-3F"],
  },
  {
    name: "Stepping Stones",
    publisher: "Noordhoff",
    subject: "engels",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
      { level: "vwo", years: [2] },
    ],
    basePrice: 3825,
    goals: ["KD-ENG-A2", "KD-ENG-B1"],
  },
  {
    name: "All Right!",
    publisher: "ThiemeMeulenhoff",
    subject: "engels",
    sector: "VO",
    variants: vo(["vmbo-kgt"], [1, 2]),
    basePrice: 3295,
    goals: ["KD-ENG-A2"],
  },
  {
    name: "Grandes Lignes",
    publisher: "Noordhoff",
    subject: "frans",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
    ],
    basePrice: 3710,
    goals: ["KD-MVT-A2"],
  },
  {
    name: "Neue Kontakte",
    publisher: "Noordhoff",
    subject: "duits",
    sector: "VO",
    variants: [
      { level: "havo", years: [2] },
      { level: "vwo", years: [2] },
    ],
    basePrice: 3590,
    goals: ["KD-MVT-A2"],
  },
  {
    name: "Feniks",
    publisher: "ThiemeMeulenhoff",
    subject: "geschiedenis",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
      { level: "vwo", years: [1] },
    ],
    basePrice: 3350,
    goals: ["KD-MENS-MAAT"],
  },
  {
    name: "De Geo",
    publisher: "ThiemeMeulenhoff",
    subject: "aardrijkskunde",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
    ],
    basePrice: 3280,
    goals: ["KD-MENS-MAAT"],
  },
  {
    name: "Biologie voor jou",
    publisher: "Malmberg",
    subject: "biologie",
    sector: "VO",
    variants: [
      { level: "havo", years: [1] },
      { level: "havo", years: [2] },
      { level: "vmbo-kgt", years: [2] },
    ],
    basePrice: 3940,
    goals: ["KD-MENS-NAT"],
  },
  {
    name: "Nova",
    publisher: "Malmberg",
    subject: "natuurkunde",
    sector: "VO",
    variants: [
      { level: "havo", years: [2] },
      { level: "vwo", years: [2] },
    ],
    basePrice: 3870,
    goals: ["KD-MENS-NAT", "KD-TECH"],
  },
  {
    name: "Pulsar",
    publisher: "Noordhoff",
    subject: "scheikunde",
    sector: "VO",
    variants: vo(["havo", "vwo"], [3]),
    basePrice: 4120,
    goals: ["KD-MENS-NAT"],
  },
  {
    name: "Pincode",
    publisher: "Noordhoff",
    subject: "economie",
    sector: "VO",
    variants: [
      { level: "havo", years: [3] },
      { level: "vmbo-t", years: [3] },
    ],
    basePrice: 3560,
    goals: ["KD-MENS-MAAT"],
  },
  {
    name: "Memo",
    publisher: "Noordhoff",
    subject: "geschiedenis",
    sector: "VO",
    variants: [
      { level: "vmbo-kgt", years: [1] },
      { level: "vmbo-kgt", years: [2] },
    ],
    basePrice: 3195,
    goals: ["KD-MENS-MAAT"],
  },
  {
    name: "Wereld in getallen",
    publisher: "Malmberg",
    subject: "rekenen",
    sector: "PO",
    variants: [
      { level: "groep 5", years: [5] },
      { level: "groep 6", years: [6] },
      { level: "groep 7", years: [7] },
      { level: "groep 8", years: [8] },
    ],
    basePrice: 1895,
    goals: ["KD-REK-1F", "KD-REK-2F"],
  },
  {
    name: "Pluspunt",
    publisher: "Malmberg",
    subject: "rekenen",
    sector: "PO",
    variants: [
      { level: "groep 4", years: [4] },
      { level: "groep 5", years: [5] },
    ],
    basePrice: 1750,
    goals: ["KD-REK-1F"],
  },
  {
    name: "Staal",
    publisher: "Malmberg",
    subject: "nederlands",
    sector: "PO",
    variants: [
      { level: "groep 6", years: [6] },
      { level: "groep 7", years: [7] },
    ],
    basePrice: 1690,
    goals: ["KD-TAAL-2F"],
  },
  {
    name: "Taal actief",
    publisher: "Malmberg",
    subject: "nederlands",
    sector: "PO",
    variants: [
      { level: "groep 5", years: [5] },
      { level: "groep 8", years: [8] },
    ],
    basePrice: 1720,
    goals: ["KD-TAAL-2F", "KD-LEES"],
  },
  {
    name: "Veilig leren lezen",
    publisher: "Zwijsen",
    subject: "lezen",
    sector: "PO",
    variants: [{ level: "groep 3", years: [3] }],
    basePrice: 1450,
    goals: ["KD-LEES"],
  },
  {
    name: "Estafette",
    publisher: "Zwijsen",
    subject: "lezen",
    sector: "PO",
    variants: [
      { level: "groep 4", years: [4] },
      { level: "groep 6", years: [6] },
    ],
    basePrice: 1525,
    goals: ["KD-LEES"],
  },
  {
    name: "Blink Wereld",
    publisher: "Blink Educatie",
    subject: "wereldorientatie",
    sector: "PO",
    variants: [
      { level: "groep 5", years: [5] },
      { level: "groep 7", years: [7] },
    ],
    basePrice: 1980,
    goals: ["KD-MENS-NAT", "KD-MENS-MAAT", "KD-TECH"],
  },
  {
    name: "Naut",
    publisher: "Malmberg",
    subject: "wereldorientatie",
    sector: "PO",
    variants: [{ level: "groep 6", years: [6] }],
    basePrice: 1840,
    goals: ["KD-MENS-NAT", "KD-TECH"],
  },
  {
    name: "Alles telt Q",
    publisher: "ThiemeMeulenhoff",
    subject: "rekenen",
    sector: "PO",
    variants: [{ level: "groep 7", years: [7] }],
    basePrice: 1810,
    goals: ["KD-REK-2F"],
  },
  {
    name: "Rekenen voor het mbo",
    publisher: "Edu'Actief",
    subject: "rekenen",
    sector: "MBO",
    variants: [
      { level: "mbo 2", years: [1] },
      { level: "mbo 3/4", years: [1] },
    ],
    basePrice: 2995,
    goals: ["KD-REK-2F"],
  },
  {
    name: "Nederlands in de praktijk",
    publisher: "Edu'Actief",
    subject: "nederlands",
    sector: "MBO",
    variants: [
      { level: "mbo 2", years: [1] },
      { level: "mbo 3/4", years: [1, 2] },
    ],
    basePrice: 3150,
    goals: ["KD-TAAL-2F", "KD-TAAL-3F"],
  },
  {
    name: "Burgerschap werkt",
    publisher: "Uitgeverij Deviant",
    subject: "burgerschap",
    sector: "MBO",
    variants: [
      { level: "mbo 2", years: [1] },
      { level: "mbo 3/4", years: [1] },
    ],
    basePrice: 2450,
    goals: ["KD-BURG"],
  },
  {
    name: "English for work",
    publisher: "Uitgeverij Deviant",
    subject: "engels",
    sector: "MBO",
    variants: [{ level: "mbo 3/4", years: [1] }],
    basePrice: 2890,
    goals: ["KD-ENG-B1"],
  },
];

/** A tiny deterministic PRNG (mulberry32): the demo, generated catalogues and benchmarks are the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
