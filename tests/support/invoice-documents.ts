/**
 * Test fixtures: consistent {@link InvoiceDocument}s built the way DESIGN §3 prices them
 * (decimal.js, ROUND_HALF_UP, allocation by largest remainder), so the renderers can be tested
 * without the pricing engine. Only for tests.
 */
import Decimal from "decimal.js";
import type {
  InvoiceDocument,
  InvoiceDocumentLine,
  InvoiceDocumentVatLine,
  Party,
  VatCategory,
} from "~/modules/invoices/invoice-document";
import { paymentMeansCode } from "~/modules/invoices/payment-means";
import { addDays } from "~/modules/calendar/iso-date";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export interface LineSpec {
  description: string;
  ean: string;
  quantity: number;
  /** in the document's price mode */
  unitPriceE4: number;
  vatRate: string;
  category: VatCategory;
  /** line amount in cents when it is an allocated bundle part; default round(unit × qty) */
  amountCents?: number;
  /** physical or goods: shipping follows it */
  ships?: boolean;
}

export interface DocumentSpec {
  type?: InvoiceDocument["type"];
  number: string;
  issueDate: string;
  orderNumber: string;
  poNumber?: string | null;
  correctsNumber?: string | null;
  correctsIssueDate?: string | null;
  paymentMethod?: InvoiceDocument["paymentMethod"];
  /** Stripe payment method type of an online payment ("card", "ideal"); decides the payment means code */
  methodType?: string | null;
  paid?: boolean;
  buyer: Party;
  pricesIncludeVat: boolean;
  lines: LineSpec[];
  discountPercent?: string;
  /** in the document's price mode */
  shippingCents?: number;
}

export const SELLER: Party = {
  name: "Leerwinkel B.V.",
  street: "Stationsplein 12",
  postalCode: "3511 ED",
  city: "Utrecht",
  country: "NL",
  kvkNumber: "12345678",
  vatNumber: "NL001234567B01",
  email: "facturen@leerwinkel.example",
  iban: "NL91ABNA0417164300",
};

export const SCHOOL: Party = {
  name: "Stichting Het Lyceum & Co <Zeist>",
  street: "Lyceumlaan 1",
  postalCode: "3701 AA",
  city: "Zeist",
  country: "NL",
  kvkNumber: "41234567",
  vatNumber: null,
  brin: "20AB",
  email: "administratie@lyceum.example",
};

/** A public (openbare) school: its Peppol address is the OIN of its public body (scheme 0190). */
export const PUBLIC_SCHOOL: Party = {
  name: "Openbare Basisschool De Regenboog",
  street: "Zuiderzeeweg 5",
  postalCode: "1095 KJ",
  city: "Amsterdam",
  country: "NL",
  kvkNumber: null,
  oin: "00000001234567890000",
  vatNumber: null,
  brin: "01XY",
  email: "info@regenboog.example",
};

export const PARENT: Party = {
  name: "J. de Vries",
  street: "Kerkstraat 5",
  postalCode: "1234 AB",
  city: "Amersfoort",
  country: "NL",
  email: "ouder@example.nl",
};

/** Adds a GS1 check digit to 7/11/12/13 digits. */
export function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(body[i]) * w;
  return body + String((10 - (sum % 10)) % 10);
}

function round(d: Decimal): number {
  return d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** DESIGN §3.2: cut toward zero, then the missing cents to the largest remainders (ties: earlier). */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => new D(amount).mul(w).div(total));
  const parts = exact.map((e) => e.trunc().toNumber());
  let missing = amount - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rem: e.minus(e.trunc()) }))
    .sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  for (const { i } of order) {
    if (missing === 0) break;
    parts[i] += 1;
    missing -= 1;
  }
  return parts;
}

export function buildDocument(spec: DocumentSpec): InvoiceDocument {
  const lineAmounts = spec.lines.map((l) => l.amountCents ?? round(new D(l.unitPriceE4).mul(l.quantity).div(100)));
  const rates = [...new Set(spec.lines.map((l) => l.vatRate))].sort((a, b) => Number(a) - Number(b));
  const groups = rates.map((rate) => {
    const idx = spec.lines.map((l, i) => (l.vatRate === rate ? i : -1)).filter((i) => i >= 0);
    return {
      rate,
      category: spec.lines[idx[0]].category,
      idx,
      amount: idx.reduce((s, i) => s + lineAmounts[i], 0),
      shipWeight: idx.filter((i) => spec.lines[i].ships).reduce((s, i) => s + lineAmounts[i], 0),
    };
  });
  const allowances = groups.map((g) =>
    spec.discountPercent ? round(new D(g.amount).mul(spec.discountPercent).div(100)) : 0,
  );
  const charges = spec.shippingCents
    ? allocate(
        spec.shippingCents,
        groups.map((g) => g.shipWeight),
      )
    : groups.map(() => 0);

  const lineNets = new Array<number>(spec.lines.length).fill(0);
  const vatLines: InvoiceDocumentVatLine[] = groups.map((g, k) => {
    const r = new D(g.rate);
    if (!spec.pricesIncludeVat) {
      const taxable = g.amount - allowances[k] + charges[k];
      g.idx.forEach((i) => (lineNets[i] = lineAmounts[i]));
      return {
        vatRate: g.rate,
        category: g.category,
        taxableCents: taxable,
        vatCents: round(new D(taxable).mul(r).div(100)),
        allowanceCents: allowances[k],
        chargeCents: charges[k],
      };
    }
    // Inclusive: VAT "uit inclusief" on the rate's gross, net = G − VAT (DESIGN §3.6).
    const gross = g.amount - allowances[k] + charges[k];
    const vat = round(new D(gross).mul(r).div(r.plus(100)));
    const net = gross - vat;
    const allowanceNet = round(new D(allowances[k]).mul(100).div(r.plus(100)));
    const chargeNet = round(new D(charges[k]).mul(100).div(r.plus(100)));
    const linesNet = net + allowanceNet - chargeNet;
    const parts = allocate(
      linesNet,
      g.idx.map((i) => lineAmounts[i]),
    );
    g.idx.forEach((i, j) => (lineNets[i] = parts[j]));
    return {
      vatRate: g.rate,
      category: g.category,
      taxableCents: net,
      vatCents: vat,
      allowanceCents: allowanceNet,
      chargeCents: chargeNet,
    };
  });

  const lines: InvoiceDocumentLine[] = spec.lines.map((l, i) => ({
    position: i + 1,
    description: l.description,
    ean: l.ean,
    quantity: l.quantity,
    unitPriceE4: l.unitPriceE4,
    vatRate: l.vatRate,
    category: l.category,
    netCents: lineNets[i],
    grossCents: spec.pricesIncludeVat
      ? lineAmounts[i]
      : lineNets[i] + round(new D(lineNets[i]).mul(l.vatRate).div(100)),
  }));
  const netCents = vatLines.reduce((s, v) => s + v.taxableCents, 0);
  const vatCents = vatLines.reduce((s, v) => s + v.vatCents, 0);
  const type = spec.type ?? "INVOICE";
  return {
    type,
    number: spec.number,
    issueDate: spec.issueDate,
    dueDate: type === "INVOICE" && (spec.paymentMethod ?? "INVOICE") === "INVOICE" ? addDays(spec.issueDate, 30) : null,
    currency: "EUR",
    orderNumber: spec.orderNumber,
    poNumber: spec.poNumber ?? null,
    correctsNumber: spec.correctsNumber ?? null,
    correctsIssueDate: spec.correctsIssueDate ?? null,
    paymentMethod: spec.paymentMethod ?? "INVOICE",
    paymentMeansCode: paymentMeansCode(spec.paymentMethod ?? "INVOICE", spec.methodType),
    paymentTermDays: 30,
    paid: spec.paid ?? false,
    seller: SELLER,
    buyer: spec.buyer,
    pricesIncludeVat: spec.pricesIncludeVat,
    lines,
    vatLines,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
  };
}

const BOOK_EAN = withCheckDigit("978900123456");
const LICENCE_EAN = withCheckDigit("871234500001");
const BUNDLE_EAN = withCheckDigit("978900765432");
const CALC_EAN = withCheckDigit("871234500099");

const schoolLines: LineSpec[] = [
  {
    description: "Getal & Ruimte havo 2 leerboek deel 1",
    ean: BOOK_EAN,
    quantity: 28,
    unitPriceE4: 125000,
    vatRate: "6",
    category: "reduced",
    ships: true,
  },
  {
    description: "Getal & Ruimte havo 2 online licentie (12 mnd)",
    ean: LICENCE_EAN,
    quantity: 28,
    unitPriceE4: 99500,
    vatRate: "21",
    category: "standard",
  },
  // A bundle of 49.95 split 0.6 / 0.4 over its physical and electronic components.
  {
    description: "Nieuw Nederlands combipakket — boek",
    ean: BUNDLE_EAN,
    quantity: 1,
    unitPriceE4: 499500,
    amountCents: 2997,
    vatRate: "6",
    category: "reduced",
    ships: true,
  },
  {
    description: "Nieuw Nederlands combipakket — licentie",
    ean: BUNDLE_EAN,
    quantity: 1,
    unitPriceE4: 499500,
    amountCents: 1998,
    vatRate: "21",
    category: "standard",
  },
  {
    description: 'Rekenmachine TI-30XS "MultiView"',
    ean: CALC_EAN,
    quantity: 3,
    unitPriceE4: 174950,
    vatRate: "21",
    category: "standard",
    ships: true,
  },
];

/** Exclusive prices, 6% and 21%, 5% discount and € 6,95 shipping, paid on invoice. */
export const schoolInvoice = buildDocument({
  number: "2026-000001",
  issueDate: "2026-09-01",
  orderNumber: "ORD-2026-00042",
  poNumber: "PO; 2026/118",
  buyer: SCHOOL,
  pricesIncludeVat: false,
  lines: schoolLines,
  discountPercent: "5",
  shippingCents: 695,
});

/** Inclusive prices (a parent's student package) with shipping, paid online. */
export const parentInvoice = buildDocument({
  number: "2026-000002",
  issueDate: "2026-09-02",
  orderNumber: "ORD-2026-00043",
  buyer: PARENT,
  pricesIncludeVat: true,
  paymentMethod: "ONLINE",
  paid: true,
  lines: [
    {
      description: "Werkboek Engels havo 2",
      ean: withCheckDigit("978900111111"),
      quantity: 1,
      unitPriceE4: 299500,
      vatRate: "6",
      category: "reduced",
      ships: true,
    },
    {
      description: "Atlas (tweedehands)",
      ean: withCheckDigit("978900222222"),
      quantity: 2,
      unitPriceE4: 5500,
      vatRate: "6",
      category: "reduced",
      ships: true,
    },
    {
      description: "Online oefenprogramma Engels",
      ean: withCheckDigit("871234500111"),
      quantity: 1,
      unitPriceE4: 198500,
      vatRate: "21",
      category: "standard",
    },
  ],
  shippingCents: 395,
});

/** Exclusive prices, paid online by card; a public school (OIN, no KvK); an EAN with a wrong check digit. */
export const paidOnlineInvoice = buildDocument({
  number: "2026-000003",
  issueDate: "2026-09-03",
  orderNumber: "ORD-2026-00044",
  buyer: PUBLIC_SCHOOL,
  pricesIncludeVat: false,
  paymentMethod: "ONLINE",
  methodType: "card",
  paid: true,
  lines: [
    {
      description: "Digitale leeromgeving groep 5 (jaarlicentie)",
      ean: "1234567890120",
      quantity: 25,
      unitPriceE4: 123450,
      vatRate: "21",
      category: "standard",
    },
  ],
});

/** Full credit note of the school invoice. */
export const fullCreditNote = buildDocument({
  type: "CREDIT_NOTE",
  number: "2026-C00001",
  issueDate: "2026-09-10",
  orderNumber: schoolInvoice.orderNumber,
  poNumber: schoolInvoice.poNumber,
  correctsNumber: schoolInvoice.number,
  correctsIssueDate: schoolInvoice.issueDate,
  buyer: SCHOOL,
  pricesIncludeVat: false,
  lines: schoolLines,
  discountPercent: "5",
  shippingCents: 695,
});

/** Partial credit note: 2 of the 28 books returned, with their 5% discount. */
export const partialCreditNote = buildDocument({
  type: "CREDIT_NOTE",
  number: "2026-C00002",
  issueDate: "2026-09-12",
  orderNumber: schoolInvoice.orderNumber,
  poNumber: schoolInvoice.poNumber,
  correctsNumber: schoolInvoice.number,
  correctsIssueDate: schoolInvoice.issueDate,
  buyer: SCHOOL,
  pricesIncludeVat: false,
  lines: [{ ...schoolLines[0], quantity: 2 }],
  discountPercent: "5",
});

/** Enough lines to need three pages. */
export const longInvoice = buildDocument({
  number: "2026-000004",
  issueDate: "2026-09-04",
  orderNumber: "ORD-2026-00045",
  poNumber: "PO-77",
  buyer: SCHOOL,
  pricesIncludeVat: false,
  lines: Array.from({ length: 80 }, (_, i): LineSpec => ({
    description:
      i % 7 === 0
        ? `Titel ${i + 1} met een heel lange omschrijving die over meer dan één regel in de tabel moet doorlopen, inclusief editie`
        : `Titel ${i + 1}`,
    ean: withCheckDigit(`978900${String(100000 + i)}`),
    quantity: 1 + (i % 30),
    unitPriceE4: 10000 + i * 1234,
    vatRate: i % 3 === 0 ? "21" : "6",
    category: i % 3 === 0 ? "standard" : "reduced",
    ships: i % 3 !== 0,
  })),
  shippingCents: 1295,
});

/** A school order paid online with iDEAL (SEPA credit transfer, 58). */
export const paidIdealInvoice = buildDocument({
  number: "2026-000005",
  issueDate: "2026-09-05",
  orderNumber: "ORD-2026-00046",
  buyer: SCHOOL,
  pricesIncludeVat: false,
  paymentMethod: "ONLINE",
  methodType: "ideal",
  paid: true,
  lines: [{ ...schoolLines[0], quantity: 4 }],
});

/**
 * 413 bundles at € 34,2527 (4-decimal price; 413 × 34,2527 = 14.146,3651 → € 14.146,37), split
 * over a book part of € 8.487,79 and a licence part of € 5.658,58 (DESIGN §3.2 allocation). A part's
 * net is no multiple of a 4-decimal price: 8.487,79 ÷ 413 = 20,551549…, and 413 × 20,5515 =
 * 8.487,7695 misses the net by more than Peppol's 0,02 (PEPPOL-EN16931-R120).
 */
export const bundleInvoice = buildDocument({
  number: "2026-000006",
  issueDate: "2026-09-06",
  orderNumber: "ORD-2026-00047",
  poNumber: "PO-413",
  buyer: SCHOOL,
  pricesIncludeVat: false,
  lines: [
    {
      description: "Bundel Nederlands — boek",
      ean: BUNDLE_EAN,
      quantity: 413,
      unitPriceE4: 342527,
      amountCents: 848779,
      vatRate: "6",
      category: "reduced",
      ships: true,
    },
    {
      description: "Bundel Nederlands — licentie",
      ean: BUNDLE_EAN,
      quantity: 413,
      unitPriceE4: 342527,
      amountCents: 565858,
      vatRate: "21",
      category: "standard",
    },
  ],
});

/** A parent's credit note: the online exercise programme of the parent invoice returned. */
export const parentCreditNote = buildDocument({
  type: "CREDIT_NOTE",
  number: "2026-C00003",
  issueDate: "2026-09-15",
  orderNumber: parentInvoice.orderNumber,
  correctsNumber: parentInvoice.number,
  correctsIssueDate: parentInvoice.issueDate,
  buyer: PARENT,
  pricesIncludeVat: true,
  paymentMethod: "ONLINE",
  lines: [
    {
      description: "Online oefenprogramma Engels",
      ean: withCheckDigit("871234500111"),
      quantity: 1,
      unitPriceE4: 198500,
      vatRate: "21",
      category: "standard",
    },
  ],
});

/** Documents of schools: sent over Peppol, valid for EN 16931, Peppol BIS 3 and NLCIUS. */
export const schoolDocuments = {
  schoolInvoice,
  paidOnlineInvoice,
  paidIdealInvoice,
  bundleInvoice,
  fullCreditNote,
  partialCreditNote,
  longInvoice,
};

/** Documents of parents (consumers): valid for EN 16931 and the UBL 2.1 schema. */
export const consumerDocuments = {
  parentInvoice,
  parentCreditNote,
};

export const allDocuments = { ...schoolDocuments, ...consumerDocuments };
