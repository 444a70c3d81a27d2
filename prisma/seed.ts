/**
 * Loads the demo into an EMPTY database (DESIGN.md §1–2; issue 2): the operator, 2 school
 * boards with 5 schools, a catalogue of 60+ titles with print / digital / combination offers,
 * the default VAT table (6% / 21%), a default, a consumer and a contract price list with tiers,
 * a student package for havo 2 with 30 pseudonyms and their order codes, and one user per role.
 *
 *   npm run seed                 (refuses a database that already has organisations)
 *   npm run seed -- --catalogue-size=50000   (adds generated titles up to ~50,000 offers)
 * In production (NODE_ENV=production) the demo accounts are created only with SEED_DEMO_USERS=1.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../app/db.server";
import type { Role } from "../app/db-enums";
import { hashPassword } from "../app/modules/auth/password.server";
import { makeEan13 } from "../app/modules/catalog/ean";
import { generateOrderCode, hashOrderCode } from "../app/modules/packages/order-code";
import { Decimal } from "../app/modules/money/decimal";
import { roundCents } from "../app/modules/money/round-cents";
import { toCents } from "../app/modules/money/cents";
import { GOALS, METHODS, PUBLISHERS, SUBJECTS, prng } from "./seed-data";
import { titleActiveFormats, titleSearchKey } from "../app/modules/catalog/search/normalize";

export const DEMO_PASSWORD = "leerwinkel";
export const DEMO_ORDER_CODE = "LWDM-7K3Q-9XA2";

const cuidish = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, "0")}`;

function searchTextOf(parts: string[]) {
  return parts.join(" ").toLowerCase();
}

/** net cents × (100 + rate) / 100, rounded half away from zero — a consumer list price. */
function grossOf(netCents: number, ratePercent: number): number {
  return toCents(
    roundCents(
      new Decimal(netCents)
        .div(100)
        .times(100 + ratePercent)
        .div(100),
    ),
  );
}
function pct(cents: number, percent: number): number {
  return toCents(roundCents(new Decimal(cents).div(100).times(percent).div(100)));
}

export async function seedDemo(prisma: Db, options: { catalogueSize?: number; log?: (s: string) => void } = {}) {
  const log = options.log ?? console.log;
  if ((await prisma.organisation.count()) + (await prisma.vatRate.count()) > 0) {
    log("The database already holds data; the demo seed only fills an empty database.");
    return { seeded: false as const };
  }
  const production = process.env.NODE_ENV === "production";
  const withDemoUsers = !production || process.env.SEED_DEMO_USERS === "1";
  if (production && !withDemoUsers)
    log("Production mode: demo accounts are NOT created (set SEED_DEMO_USERS=1 to create them).");
  const rand = prng(20260901);

  // --- VAT table and supply mapping (data, not code)
  await prisma.supplyCategory.createMany({
    data: [
      { supply: "physical", category: "reduced" },
      { supply: "electronic", category: "standard" },
      { supply: "goods", category: "standard" },
    ],
  });
  await prisma.vatRate.createMany({
    data: [
      { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: null },
      { category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
    ],
  });

  // --- organisations
  const operator = await prisma.organisation.create({
    data: {
      kind: "OPERATOR",
      name: "Leerwinkel B.V.",
      street: "Stationsplein 12",
      postalCode: "3511 ED",
      city: "Utrecht",
      email: "facturen@leerwinkel.test",
      kvkNumber: "81234567",
      vatNumber: "NL862345678B01",
      iban: "NL91ABNA0417164300",
    },
  });
  const boardA = await prisma.organisation.create({
    data: {
      kind: "BOARD",
      name: "Stichting Onderwijsgroep Amstelland",
      street: "Amsteldijk 200",
      postalCode: "1079 LK",
      city: "Amsterdam",
      kvkNumber: "41199887",
      email: "bestuur@amstelland.test",
    },
  });
  const boardB = await prisma.organisation.create({
    data: {
      kind: "BOARD",
      name: "Stichting Primair en Voortgezet Onderwijs Vechtstreek",
      street: "Vechtkade 4",
      postalCode: "3601 AA",
      city: "Maarssen",
      kvkNumber: "30112233",
      email: "bestuur@vechtstreek.test",
    },
  });
  // Every school has a Peppol address for its e-invoices (DESIGN §5): a public (openbare) school
  // the 20-digit OIN of its public body (scheme 0190), the others their KvK number (0106).
  const school = async (
    d: {
      name: string;
      board: string;
      brin: string;
      sector: string;
      street: string;
      postalCode: string;
      city: string;
      po?: boolean;
    } & ({ kvk: string } | { oin: string }),
  ) =>
    prisma.organisation.create({
      data: {
        kind: "SCHOOL",
        name: d.name,
        parentId: d.board,
        brin: d.brin,
        sector: d.sector,
        street: d.street,
        postalCode: d.postalCode,
        city: d.city,
        email: `administratie@${d.brin.toLowerCase()}.test`,
        poNumberRequired: d.po ?? false,
        kvkNumber: "kvk" in d ? d.kvk : null,
        oin: "oin" in d ? d.oin : null,
      },
    });
  const amstelLyceum = await school({
    name: "Amstel Lyceum",
    board: boardA.id,
    brin: "12AB",
    sector: "VO",
    street: "Wibautstraat 80",
    postalCode: "1091 GP",
    city: "Amsterdam",
    po: true,
    kvk: "41199801",
  });
  const regenboog = await school({
    name: "Basisschool De Regenboog",
    board: boardA.id,
    brin: "23BC",
    sector: "PO",
    street: "Zuiderzeeweg 5",
    postalCode: "1095 KJ",
    city: "Amsterdam",
    kvk: "41199802",
  });
  const vechtdal = await school({
    name: "Vechtdal College",
    board: boardB.id,
    brin: "34CD",
    sector: "VO",
    street: "Burgemeester Waverijnweg 2",
    postalCode: "3603 AB",
    city: "Maarssen",
    kvk: "30112201",
  });
  const zonnewijzer = await school({
    name: "OBS De Zonnewijzer",
    board: boardB.id,
    brin: "45DE",
    sector: "PO",
    street: "Zonnebloemlaan 9",
    postalCode: "3604 CE",
    city: "Maarssen",
    oin: "00000001234567890000",
  });
  await school({
    name: "Vakcollege Vechtstreek (mbo)",
    board: boardB.id,
    brin: "56EF",
    sector: "MBO",
    street: "Industrieweg 30",
    postalCode: "3606 AS",
    city: "Maarssen",
    kvk: "30112202",
  });

  // --- catalogue
  const publishers = new Map<string, string>();
  for (const name of PUBLISHERS) publishers.set(name, (await prisma.publisher.create({ data: { name } })).id);
  const subjects = new Map<string, string>();
  for (const [code, name] of SUBJECTS) subjects.set(code, (await prisma.subject.create({ data: { code, name } })).id);
  const goals = new Map<string, string>();
  for (const [code, label] of GOALS) goals.set(code, (await prisma.learningGoal.create({ data: { code, label } })).id);

  const defaultList = await prisma.priceList.create({
    data: { name: "Standaardprijslijst scholen 2026", kind: "DEFAULT", pricesIncludeVat: false },
  });
  const consumerList = await prisma.priceList.create({
    data: { name: "Consumentenprijslijst 2026 (incl. btw)", kind: "CONSUMER", pricesIncludeVat: true },
  });
  const contractList = await prisma.priceList.create({
    data: {
      name: "Contract Onderwijsgroep Amstelland 2026",
      kind: "CONTRACT",
      pricesIncludeVat: false,
      organisationId: boardA.id,
      validFrom: "2026-01-01",
      validTo: "2027-12-31",
    },
  });

  let eanCounter = 0;
  let titleCounter = 0;
  const titleIdsByName = new Map<string, string>();
  const offersByTitle = new Map<string, { id: string; supply: string }[]>();
  const titleRows: {
    id: string;
    slug: string;
    name: string;
    publisherId: string;
    subjectId: string;
    sector: string;
    description: string;
    reviewed: boolean;
    searchText: string;
    searchKey?: string;
    activeFormats?: string;
  }[] = [];
  const levelRows: { titleId: string; level: string }[] = [];
  const yearRows: { titleId: string; year: number }[] = [];
  const goalRows: { titleId: string; goalId: string }[] = [];
  const offerRows: {
    id: string;
    titleId: string;
    ean: string;
    formatLabel: string;
    supply: string;
    format: string;
    licenceMonths: number | null;
    stock: number | null;
    reuseYears: number | null;
  }[] = [];
  const componentRows: { offerId: string; position: number; supply: string; description: string; shareE6: number }[] =
    [];
  const entryRows: { id: string; priceListId: string; offerId: string; unitPriceE4: number }[] = [];
  const tierRows: { entryId: string; minQuantity: number; unitPriceE4: number }[] = [];
  let entryCounter = 0;

  const addPrices = (offerId: string, supply: string, netCents: number, contract: boolean, shares?: number[]) => {
    const defaultEntry = cuidish("pe", ++entryCounter);
    entryRows.push({ id: defaultEntry, priceListId: defaultList.id, offerId, unitPriceE4: netCents * 100 });
    if (netCents >= 1000) {
      tierRows.push({ entryId: defaultEntry, minQuantity: 25, unitPriceE4: (netCents - pct(netCents, 3)) * 100 });
      tierRows.push({ entryId: defaultEntry, minQuantity: 100, unitPriceE4: (netCents - pct(netCents, 6)) * 100 });
    }
    let grossCents: number;
    if (supply === "bundle" && shares) {
      grossCents =
        grossOf(toCents(roundCents(new Decimal(netCents).div(100).times(shares[0]!).div(1e6))), 6) +
        grossOf(netCents - toCents(roundCents(new Decimal(netCents).div(100).times(shares[0]!).div(1e6))), 21);
    } else {
      grossCents = grossOf(netCents, supply === "physical" ? 6 : 21);
    }
    entryRows.push({
      id: cuidish("pe", ++entryCounter),
      priceListId: consumerList.id,
      offerId,
      unitPriceE4: grossCents * 100,
    });
    if (contract) {
      const contractEntry = cuidish("pe", ++entryCounter);
      const base = netCents - pct(netCents, 8);
      entryRows.push({ id: contractEntry, priceListId: contractList.id, offerId, unitPriceE4: base * 100 });
      tierRows.push({ entryId: contractEntry, minQuantity: 25, unitPriceE4: (base - pct(base, 2)) * 100 });
      tierRows.push({ entryId: contractEntry, minQuantity: 100, unitPriceE4: (base - pct(base, 5)) * 100 });
    }
  };

  const addTitle = (t: {
    name: string;
    publisher: string;
    subject: string;
    sector: string;
    level: string;
    years: number[];
    goals: string[];
    description: string;
    reviewed: boolean;
  }) => {
    const id = cuidish("t", ++titleCounter);
    titleRows.push({
      id,
      slug:
        `${t.name}`
          .toLowerCase()
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, "")
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "") + `-${titleCounter}`,
      name: t.name,
      publisherId: publishers.get(t.publisher)!,
      subjectId: subjects.get(t.subject)!,
      sector: t.sector,
      description: t.description,
      reviewed: t.reviewed,
      searchText: "",
    });
    levelRows.push({ titleId: id, level: t.level });
    for (const y of t.years) yearRows.push({ titleId: id, year: y });
    for (const g of t.goals) goalRows.push({ titleId: id, goalId: goals.get(g)! });
    titleIdsByName.set(t.name, id);
    offersByTitle.set(id, []);
    return id;
  };
  const addOffer = (
    titleId: string,
    o: {
      label: string;
      supply: string;
      months?: number;
      stock?: number;
      netCents: number;
      shares?: number[];
      contract: boolean;
      /** reusable print (issue 14 §2): school years one copy serves */
      reuseYears?: number;
    },
  ) => {
    const id = cuidish("o", offerRows.length + 1);
    const ean = makeEan13("97890", ++eanCounter);
    const format =
      o.supply === "physical"
        ? "print"
        : o.supply === "electronic"
          ? "digital"
          : o.supply === "bundle"
            ? "combination"
            : "other";
    offerRows.push({
      id,
      titleId,
      ean,
      formatLabel: o.label,
      supply: o.supply,
      format,
      licenceMonths: o.months ?? null,
      stock: o.stock ?? null,
      reuseYears: o.reuseYears ?? null,
    });
    if (o.shares) {
      componentRows.push({ offerId: id, position: 1, supply: "physical", description: "Boek", shareE6: o.shares[0]! });
      componentRows.push({
        offerId: id,
        position: 2,
        supply: "electronic",
        description: "Online licentie",
        shareE6: o.shares[1]!,
      });
    }
    addPrices(id, o.supply, o.netCents, o.contract, o.shares);
    offersByTitle.get(titleId)!.push({ id, supply: o.supply });
    return { id, ean };
  };

  const searchParts = new Map<string, string[]>();
  const baseByTitle = new Map<string, number>();
  for (const m of METHODS) {
    for (const v of m.variants) {
      const yearLabel = m.sector === "PO" ? "" : ` ${v.years.join("-")}`;
      const name = m.sector === "PO" ? `${m.name} ${v.level}` : `${m.name} ${v.level}${yearLabel}`;
      const titleId = addTitle({
        name,
        publisher: m.publisher,
        subject: m.subject,
        sector: m.sector,
        level: v.level,
        years: v.years,
        goals: m.goals,
        reviewed: rand() < 0.7,
        description: `${m.name} is een lesmethode ${SUBJECTS.find((s) => s[0] === m.subject)![1].toLowerCase()} voor ${v.level}. Met uitlegvideo's, oefenstof op niveau en toetsen die aansluiten bij de referentieniveaus.`,
      });
      const base = m.basePrice + Math.floor(rand() * 6) * 25;
      baseByTitle.set(titleId, base);
      const contract = m.sector !== "MBO";
      const eans: string[] = [];
      const mix = rand();
      eans.push(
        addOffer(titleId, {
          label: m.sector === "PO" ? "Werkboek" : "Leerwerkboek",
          supply: "physical",
          stock: 150 + Math.floor(rand() * 700),
          netCents: base,
          contract,
        }).ean,
      );
      eans.push(
        addOffer(titleId, {
          label: "Digitale licentie 1 jaar",
          supply: "electronic",
          months: 12,
          netCents: base - 350 - Math.floor(rand() * 4) * 100,
          contract,
        }).ean,
      );
      if (mix < 0.8) {
        eans.push(
          addOffer(titleId, {
            label: "Combinatie: boek + licentie 1 jaar",
            supply: "bundle",
            months: 12,
            stock: 100 + Math.floor(rand() * 300),
            netCents: base + 650,
            shares: [550000, 450000],
            contract,
          }).ean,
        );
      }
      if (mix < 0.3) {
        eans.push(
          addOffer(titleId, {
            label: "Digitale licentie 4 jaar",
            supply: "electronic",
            months: 48,
            netCents: base * 3,
            contract,
          }).ean,
        );
      }
      if (m.sector === "PO" && mix > 0.6) {
        eans.push(
          addOffer(titleId, {
            label: "USB-stick met digibordsoftware",
            supply: "physical",
            stock: 40,
            netCents: 8950,
            contract,
          }).ean,
        );
      }
      searchParts.set(titleId, [name, m.publisher, ...eans]);
    }
  }
  // goods and carriers that schools order with the methods
  const extras = [
    {
      name: "Rekenmachine Casio fx-82MS",
      publisher: "Edu'Actief",
      subject: "wiskunde",
      sector: "VO",
      level: "havo",
      years: [1, 2, 3],
      supply: "goods",
      label: "Rekenmachine",
      net: 1495,
    },
    {
      name: "Koptelefoon met microfoon",
      publisher: "Edu'Actief",
      subject: "engels",
      sector: "VO",
      level: "vmbo-kgt",
      years: [1, 2],
      supply: "goods",
      label: "Koptelefoon",
      net: 1250,
    },
    {
      name: "De Grote Bosatlas 56e editie",
      publisher: "Noordhoff",
      subject: "aardrijkskunde",
      sector: "VO",
      level: "havo",
      years: [1, 2, 3],
      supply: "physical",
      label: "Atlas (gebonden)",
      net: 6995,
      reuseYears: 6,
    },
    {
      name: "Topografie Nederland groep 6",
      publisher: "Blink Educatie",
      subject: "wereldorientatie",
      sector: "PO",
      level: "groep 6",
      years: [6],
      supply: "physical",
      label: "Oefenschrift",
      net: 695,
    },
  ];
  for (const x of extras) {
    const titleId = addTitle({
      name: x.name,
      publisher: x.publisher,
      subject: x.subject,
      sector: x.sector,
      level: x.level,
      years: x.years,
      goals: [],
      reviewed: true,
      description: `${x.name}, geschikt voor gebruik in de klas.`,
    });
    const { ean } = addOffer(titleId, {
      label: x.label,
      supply: x.supply,
      stock: 300,
      netCents: x.net,
      contract: true,
      reuseYears: x.reuseYears,
    });
    searchParts.set(titleId, [x.name, x.publisher, ean]);
  }
  // Reusable textbooks (issue 14 §2): a "Leerboek" that serves 4 school years, beside the consumable
  // leerwerkboek, for a few methods. Added last, so every other offer keeps its id, EAN and price.
  for (const name of ["Moderne Wiskunde vwo 3", "Moderne Wiskunde havo 3", "De Geo havo 2", "Pulsar vwo 3"]) {
    const titleId = titleIdsByName.get(name);
    if (!titleId) continue;
    const { ean } = addOffer(titleId, {
      label: "Leerboek",
      supply: "physical",
      stock: 400,
      netCents: baseByTitle.get(titleId)! + 1500,
      contract: true,
      reuseYears: 4,
    });
    searchParts.get(titleId)!.push(ean);
  }
  const formatsByTitle = new Map<string, { format: string }[]>();
  for (const o of offerRows) formatsByTitle.set(o.titleId, [...(formatsByTitle.get(o.titleId) ?? []), o]);
  for (const row of titleRows) {
    const [name, publisher, ...eans] = searchParts.get(row.id)!;
    row.searchText = searchTextOf(searchParts.get(row.id)!);
    row.searchKey = titleSearchKey(name!, publisher!, eans);
    row.activeFormats = titleActiveFormats(formatsByTitle.get(row.id) ?? []);
  }

  await prisma.title.createMany({ data: titleRows });
  await prisma.titleLevel.createMany({ data: levelRows });
  await prisma.titleYear.createMany({ data: yearRows });
  await prisma.titleLearningGoal.createMany({ data: goalRows });
  await prisma.offer.createMany({ data: offerRows });
  await prisma.bundleComponent.createMany({ data: componentRows });
  await prisma.priceListEntry.createMany({ data: entryRows });
  await prisma.priceTier.createMany({ data: tierRows });
  log(`catalogue: ${titleRows.length} titles, ${offerRows.length} offers, ${entryRows.length} price entries`);

  if (options.catalogueSize && options.catalogueSize > offerRows.length) {
    const { seedLargeCatalogue } = await import("./seed-large");
    await seedLargeCatalogue(prisma, {
      targetOffers: options.catalogueSize,
      defaultListId: defaultList.id,
      consumerListId: consumerList.id,
      log,
    });
  }

  // --- accounts
  if (withDemoUsers) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const users: [string, string, Role, string | null][] = [
      ["admin@leerwinkel.test", "Anouk Beheer", "OPERATOR_ADMIN", operator.id],
      ["financien@leerwinkel.test", "Frank Financiën", "OPERATOR_FINANCE", operator.id],
      ["school@leerwinkel.test", "Sanne de Vries", "SCHOOL_ADMIN", amstelLyceum.id],
      ["administratie@leerwinkel.test", "Ahmed Bakker", "SCHOOL_FINANCE", amstelLyceum.id],
      ["ouder@leerwinkel.test", "Olga Jansen", "PARENT", null],
      ["po@leerwinkel.test", "Pieter Smit", "SCHOOL_ADMIN", regenboog.id],
      ["vechtdal@leerwinkel.test", "Vera Mulder", "SCHOOL_ADMIN", vechtdal.id],
      // issue 15: the coordinator of Onderwijsgroep Amstelland's bundled purchase rounds
      ["bestuur@leerwinkel.test", "Bram Bestuur", "BOARD_ADMIN", boardA.id],
    ];
    for (const [email, name, role, organisationId] of users) {
      await prisma.user.create({
        data: { email, name, passwordHash, memberships: { create: { role, organisationId } } },
      });
    }
    log(`accounts: ${users.map((u) => u[0]).join(", ")} (password "${DEMO_PASSWORD}")`);
  }
  void zonnewijzer;

  // --- a student package for havo 2 at Amstel Lyceum, with 30 pseudonyms
  const pkg = await prisma.studentPackage.create({
    data: {
      schoolId: amstelLyceum.id,
      name: "Boekenpakket havo 2",
      classGroup: "H2A",
      schoolYear: "2026-2027",
      orderFrom: "2026-06-01",
      orderUntil: "2027-09-30",
    },
  });
  const packageTitles: [string, "SCHOOL" | "PARENT", string[]][] = [
    ["Getal & Ruimte havo 2", "PARENT", ["physical", "electronic", "bundle"]],
    ["Stepping Stones havo 2", "PARENT", ["physical", "electronic"]],
    ["Nederlands Nu havo 2", "SCHOOL", ["electronic"]],
    ["Biologie voor jou havo 2", "PARENT", ["physical", "bundle"]],
    ["Rekenmachine Casio fx-82MS", "PARENT", ["goods"]],
  ];
  let position = 0;
  for (const [titleName, paidBy, supplies] of packageTitles) {
    const titleId = titleIdsByName.get(titleName)!;
    const offers = offersByTitle.get(titleId)!.filter((o) => supplies.includes(o.supply));
    await prisma.packageItem.create({
      data: {
        packageId: pkg.id,
        titleId,
        label: titleName,
        paidBy,
        position: ++position,
        offers: { create: offers.map((o) => ({ offerId: o.id })) },
      },
    });
  }
  const codes: { pseudonym: string; classGroup: string; code: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join("");
    const pseudonym = `https://ketenid.nl/201703/${hex}`;
    const code = i === 0 && !production ? DEMO_ORDER_CODE : generateOrderCode();
    codes.push({ pseudonym, classGroup: "H2A", code });
    await prisma.studentPseudonym.create({
      data: {
        schoolId: amstelLyceum.id,
        pseudonym,
        classGroup: "H2A",
        schoolYear: "2026-2027",
        orderCodeHash: hashOrderCode(code),
        codeExpiresOn: "2027-09-30",
      },
    });
  }
  const dataDir = path.resolve("data");
  mkdirSync(dataDir, { recursive: true });
  const codesFile = path.resolve(process.env.SEED_CODES_FILE ?? path.join(dataDir, "demo-order-codes.csv"));
  writeFileSync(
    codesFile,
    "pseudoniem;klas;bestelcode\n" + codes.map((c) => `${c.pseudonym};${c.classGroup};${c.code}`).join("\n") + "\n",
  );
  log(
    `student package "${pkg.name}" with ${codes.length} pseudonyms; order codes written to ${path.relative(process.cwd(), codesFile)} (demo code ${codes[0]!.code})`,
  );

  // --- order, invoice and credit-note history for the finance pages (prisma/seed-history.ts)
  const { seedHistory } = await import("./seed-history");
  await seedHistory(prisma, { log });
  await dateOrdersLikeTheirInvoices(prisma);

  return {
    seeded: true as const,
    operatorId: operator.id,
    schools: { amstelLyceum: amstelLyceum.id, regenboog: regenboog.id, vechtdal: vechtdal.id },
  };
}

/**
 * Demo orders carry the dates of their invoices (issue 12): the history is placed "today" by
 * placeOrder, so each invoiced order's placedAt (and paidAt, when paid) moves to midday in
 * Amsterdam on its first invoice's issue date.
 */
async function dateOrdersLikeTheirInvoices(prisma: Db) {
  const invoices = await prisma.invoice.findMany({
    where: { type: "INVOICE" },
    orderBy: [{ issueDate: "asc" }, { number: "asc" }],
    select: { orderId: true, issueDate: true, order: { select: { paidAt: true } } },
  });
  const done = new Set<string>();
  for (const invoice of invoices) {
    if (done.has(invoice.orderId)) continue;
    done.add(invoice.orderId);
    // 10:00 UTC is 11:00 or 12:00 in Amsterdam: the same calendar day in winter and summer time.
    const midday = new Date(`${invoice.issueDate}T10:00:00Z`);
    await prisma.order.update({
      where: { id: invoice.orderId },
      data: { placedAt: midday, ...(invoice.order.paidAt ? { paidAt: midday } : {}) },
    });
  }
}

if (process.argv[1] && /seed\.ts$/.test(process.argv[1])) {
  const size = process.argv.find((a) => a.startsWith("--catalogue-size="));
  const prisma = createDb(process.env.DATABASE_URL ?? "file:./data/leerwinkel.db");
  seedDemo(prisma, { catalogueSize: size ? Number(size.split("=")[1]) : undefined })
    .then(() => prisma.$disconnect())
    .catch(async (e) => {
      console.error(e);
      await prisma.$disconnect();
      process.exit(1);
    });
}
