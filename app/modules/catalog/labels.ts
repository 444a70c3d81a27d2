/** Dutch names of the catalogue's formats and sectors (shared by pages and modules). */
export const FORMAT_LABELS: Record<string, string> = {
  print: "Papier",
  digital: "Digitaal",
  combination: "Combinatie",
  other: "Overig",
};
export const SECTOR_LABELS: Record<string, string> = {
  PO: "Primair onderwijs",
  VO: "Voortgezet onderwijs",
  MBO: "Mbo",
};
