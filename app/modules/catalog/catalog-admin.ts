/**
 * Pure validation of the operator's catalogue forms (titles, offers, bundle components).
 * Raw form text in, either a typed value or Dutch messages per field out; the database checks
 * (uniqueness, existence) live in catalog-admin.server.ts.
 */
import { Decimal } from "../money/decimal";
import {
  COMPONENT_SUPPLIES,
  SUPPLIES,
  formatFromSupply,
  isComponentSupply,
  isComposite,
  offerCarriesLicence,
  offerHoldsStock,
  stockRequired,
  type ComponentSupply,
  type OfferFormat,
  type Supply,
} from "../vat/supply";
import { isValidEan13 } from "./ean";

export const SECTORS = ["PO", "VO", "MBO"] as const;
export type Sector = (typeof SECTORS)[number];

export const SUPPLY_LABELS: Record<Supply, string> = {
  physical: "Fysiek (boek, werkboek, drager)",
  electronic: "Elektronisch (licentie, app, download)",
  goods: "Overige goederen",
  bundle: "Bundel (combinatie)",
};

/** Bundle rows offered on the form; empty rows are ignored. */
export const BUNDLE_ROWS = 4;

export type FieldErrors = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "Getal & Ruimte havo 2" → "getal-ruimte-havo-2" (accents dropped, one hyphen between words). */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80)
    .replace(/-$/, "");
}

/** Title.searchText: lower-cased name + publisher + EANs, searched with `contains` on both providers. */
export function titleSearchText(name: string, publisher: string, eans: readonly string[]): string {
  return [name, publisher, ...eans].join(" ").toLowerCase();
}

/** "havo, vwo ,, havo" → ["havo", "vwo"] (trimmed, empty and duplicate items dropped). */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export interface TitleFormText {
  name: string;
  slug: string;
  publisherId: string;
  newPublisher: string;
  subjectId: string;
  sector: string;
  levels: string;
  years: string;
  goalIds: string[];
  description: string;
  reviewed: boolean;
}

export interface TitleValue {
  name: string;
  /** null: derive from the name (made unique by the server) */
  slug: string | null;
  publisher: { id: string } | { newName: string };
  subjectId: string;
  sector: Sector;
  levels: string[];
  years: number[];
  goalIds: string[];
  description: string;
  reviewed: boolean;
}

export function validateTitle(input: TitleFormText): Validated<TitleValue> {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Vul de naam van de titel in.";
  else if (name.length > 200) errors.name = "De naam is te lang (hoogstens 200 tekens).";
  const slugText = input.slug.trim().toLowerCase();
  if (slugText && !SLUG.test(slugText))
    errors.slug = "Een slug bestaat uit kleine letters, cijfers en losse streepjes (bijvoorbeeld getal-ruimte-havo-2).";
  if (!slugText && name && !slugify(name)) errors.slug = "Uit deze naam valt geen slug te maken; vul er zelf een in.";
  const newPublisher = input.newPublisher.trim();
  if (!newPublisher && !input.publisherId) errors.publisherId = "Kies een uitgever of vul een nieuwe uitgever in.";
  if (!input.subjectId) errors.subjectId = "Kies een vak.";
  if (!(SECTORS as readonly string[]).includes(input.sector)) errors.sector = "Kies een sector: PO, VO of MBO.";
  const levels = splitList(input.levels);
  if (levels.length === 0) errors.levels = "Vul ten minste één niveau in, bijvoorbeeld havo of groep 5.";
  else if (levels.some((l) => l.length > 40)) errors.levels = "Een niveau is hoogstens 40 tekens lang.";
  const yearTexts = splitList(input.years);
  const years = yearTexts.map(Number);
  if (yearTexts.length === 0) errors.years = "Vul ten minste één leerjaar in, bijvoorbeeld 1, 2.";
  else if (yearTexts.some((y) => !/^\d{1,2}$/.test(y)) || years.some((y) => y < 1 || y > 8)) {
    errors.years = "Leerjaren zijn hele getallen van 1 tot en met 8, gescheiden door komma's.";
  }
  if (input.description.length > 5000) errors.description = "De omschrijving is te lang (hoogstens 5000 tekens).";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      slug: slugText || null,
      publisher: newPublisher ? { newName: newPublisher } : { id: input.publisherId },
      subjectId: input.subjectId,
      sector: input.sector as Sector,
      levels,
      years: [...years].sort((a, b) => a - b),
      goalIds: [...new Set(input.goalIds.filter(Boolean))],
      description: input.description.trim(),
      reviewed: input.reviewed,
    },
  };
}

export interface ComponentFormText {
  supply: string;
  description: string;
  share: string;
}

export interface OfferFormText {
  ean: string;
  formatLabel: string;
  supply: string;
  licenceMonths: string;
  stock: string;
  active: boolean;
  components: ComponentFormText[];
  /** Reusable print (issue 14 §2): school years one copy serves; empty for a consumable. */
  reuseYears?: string;
}

export interface OfferValue {
  ean: string;
  formatLabel: string;
  supply: Supply;
  format: OfferFormat;
  licenceMonths: number | null;
  stock: number | null;
  active: boolean;
  components: { position: number; supply: ComponentSupply; description: string; shareE6: number }[];
  reuseYears: number | null;
}

/** EAN/ISBN as typed ("978-90-01-12345-6") → 13 digits; spaces and hyphens are dropped. */
export function normaliseEan(text: string): string {
  return text.replace(/[\s-]/g, "");
}

const SHARE = /^(?:0(?:\.\d{1,6})?|1(?:\.0{1,6})?|\.\d{1,6})$/;
const ONE_MILLION = new Decimal(1_000_000);

/**
 * Checks an offer form. EAN/ISBN: 13 digits with a valid GTIN-13 check digit. A bundle needs at
 * least two components whose shares (decimals with up to 6 places) sum to exactly 1 — summed
 * with Decimal, never as floats — and stores them as millionths. Licence months are required
 * when the offer contains an online licence; stock is required for a physical offer and
 * optional (empty = not tracked) for goods and bundles with a physical part.
 */
export function validateOffer(input: OfferFormText): Validated<OfferValue> {
  const errors: FieldErrors = {};
  const ean = normaliseEan(input.ean);
  if (!ean) errors.ean = "Vul de EAN/ISBN in.";
  else if (!/^\d{13}$/.test(ean)) errors.ean = "Een EAN/ISBN bestaat uit precies 13 cijfers.";
  else if (!isValidEan13(ean)) errors.ean = "Het controlecijfer van deze EAN/ISBN klopt niet; controleer het nummer.";
  const formatLabel = input.formatLabel.trim();
  if (!formatLabel)
    errors.formatLabel = "Vul een formaatomschrijving in, bijvoorbeeld Leerwerkboek of Online licentie.";
  else if (formatLabel.length > 80) errors.formatLabel = "De formaatomschrijving is hoogstens 80 tekens lang.";
  const supply = (SUPPLIES as readonly string[]).includes(input.supply) ? (input.supply as Supply) : null;
  if (!supply) errors.supply = "Kies een leveringsvorm.";

  const components: OfferValue["components"] = [];
  if (supply !== null && isComposite(supply)) {
    let sum = new Decimal(0);
    let sharesValid = true;
    input.components.forEach((row, index) => {
      const filled = row.supply || row.share.trim() || row.description.trim();
      if (!filled) return;
      const n = index + 1;
      if (!(COMPONENT_SUPPLIES as readonly string[]).includes(row.supply)) {
        errors[`components.${index}.supply`] =
          `Kies de leveringsvorm van onderdeel ${n} (fysiek, elektronisch of goederen).`;
      }
      const shareText = row.share.trim();
      if (!SHARE.test(shareText)) {
        errors[`components.${index}.share`] =
          `Het aandeel van onderdeel ${n} is een decimaal getal tussen 0 en 1 met een punt, bijvoorbeeld 0.6.`;
        sharesValid = false;
        return;
      }
      const share = new Decimal(shareText);
      if (share.lte(0)) {
        errors[`components.${index}.share`] = `Het aandeel van onderdeel ${n} moet groter zijn dan 0.`;
        sharesValid = false;
        return;
      }
      sum = sum.plus(share);
      components.push({
        position: components.length + 1,
        supply: row.supply as ComponentSupply,
        description: row.description.trim().slice(0, 200),
        shareE6: Number(share.times(ONE_MILLION).toFixed(0)),
      });
    });
    if (components.length < 2 && sharesValid) {
      errors.components = "Een bundel heeft ten minste twee onderdelen, elk met een leveringsvorm en een aandeel.";
    } else if (sharesValid && !sum.eq(1)) {
      errors.components = `De aandelen van de onderdelen moeten samen precies 1 zijn; nu is dat ${sum.toFixed()}.`;
    }
  }

  // Components whose supply was not recognised (already an error above) take no part in the supply
  // rules, except that such a component may hold stock, so a stock typed in is still checked.
  const knownComponents = components.filter((c) => isComponentSupply(c.supply));
  const unknownComponent = knownComponents.length < components.length;
  const needsLicence = supply !== null && offerCarriesLicence({ supply, components: knownComponents });
  let licenceMonths: number | null = null;
  const monthsText = input.licenceMonths.trim();
  if (needsLicence) {
    if (!monthsText)
      errors.licenceMonths = "Vul de licentieduur in maanden in (deze aanbieding bevat een online licentie).";
    else if (!/^\d{1,3}$/.test(monthsText) || Number(monthsText) < 1 || Number(monthsText) > 120) {
      errors.licenceMonths = "De licentieduur is een heel aantal maanden van 1 tot en met 120.";
    } else licenceMonths = Number(monthsText);
  }

  const hasPhysical = supply !== null && (offerHoldsStock({ supply, components: knownComponents }) || unknownComponent);
  let stock: number | null = null;
  const stockText = input.stock.trim();
  if (hasPhysical) {
    if (!stockText) {
      if (stockRequired(supply!)) errors.stock = "Vul de voorraad in (een heel getal, 0 of meer).";
    } else if (!/^\d{1,7}$/.test(stockText)) {
      errors.stock = "De voorraad is een heel getal van 0 of meer.";
    } else stock = Number(stockText);
  }

  // Issue 14 §2: a reuse period only for print or goods (a textbook); a licence runs out after its
  // duration and a bundle is bought whole, so neither carries one.
  let reuseYears: number | null = null;
  const reuseText = (input.reuseYears ?? "").trim();
  if (reuseText && supply !== null) {
    if (supply !== "physical" && supply !== "goods") {
      errors.reuseYears =
        "Alleen fysiek drukwerk of goederen zijn herbruikbaar; een licentie of bundel koopt u opnieuw na de licentieduur.";
    } else if (!/^\d{1,2}$/.test(reuseText) || Number(reuseText) < 1 || Number(reuseText) > 12) {
      errors.reuseYears =
        "Vul het aantal schooljaren dat een exemplaar meegaat in als heel getal van 1 tot en met 12 (leeg: verbruiksmateriaal).";
    } else reuseYears = Number(reuseText);
  }

  if (Object.keys(errors).length || !supply) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ean,
      formatLabel,
      supply,
      format: formatFromSupply(supply),
      licenceMonths,
      stock,
      active: input.active,
      components,
      reuseYears,
    },
  };
}

/** millionths → "0.6" for the form. */
export function shareText(shareE6: number): string {
  return new Decimal(shareE6).div(ONE_MILLION).toFixed();
}
