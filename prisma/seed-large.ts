/**
 * Grows the demo catalogue to a target number of offers (issues 4 and 13: the catalogue must stay
 * fast at 200,000 offers): `npm run setup -- --catalogue-size=200000` on an empty database.
 * Generated titles reuse the demo's publishers, subjects, levels and goals; each gets print,
 * digital and (mostly) combination offers with default and consumer prices. Inserted in chunks.
 */
import type { Db } from "../app/db.server";
import { makeEan13 } from "../app/modules/catalog/ean";
import { titleActiveFormats, titleSearchKey } from "../app/modules/catalog/search/normalize";
import { prng } from "./seed-data";

const LEVELS = [
  "groep 3",
  "groep 4",
  "groep 5",
  "groep 6",
  "groep 7",
  "groep 8",
  "vmbo-kgt",
  "vmbo-t",
  "havo",
  "vwo",
  "mbo 2",
  "mbo 3/4",
];
const WORDS = [
  "Kompas",
  "Horizon",
  "Vonk",
  "Spectrum",
  "Delta",
  "Route",
  "Focus",
  "Basis",
  "Plein",
  "Atlas",
  "Lijn",
  "Brug",
  "Toets",
  "Impuls",
  "Schakel",
  "Kern",
];

export async function seedLargeCatalogue(
  prisma: Db,
  o: { targetOffers: number; defaultListId: string; consumerListId: string; log: (s: string) => void },
) {
  const rand = prng(424242);
  const publishers = await prisma.publisher.findMany({ select: { id: true, name: true } });
  const subjects = await prisma.subject.findMany({ select: { id: true, name: true } });
  const goals = await prisma.learningGoal.findMany({ select: { id: true } });
  let offers = await prisma.offer.count();
  let n = 0;
  const chunk = 2000;
  while (offers < o.targetOffers) {
    const titles: {
      id: string;
      slug: string;
      name: string;
      publisherId: string;
      subjectId: string;
      sector: string;
      description: string;
      reviewed: boolean;
      searchText: string;
      searchKey: string;
      activeFormats: string;
    }[] = [];
    const levels: { titleId: string; level: string }[] = [];
    const years: { titleId: string; year: number }[] = [];
    const titleGoals: { titleId: string; goalId: string }[] = [];
    const offerRows: {
      id: string;
      titleId: string;
      ean: string;
      formatLabel: string;
      supply: string;
      format: string;
      licenceMonths: number | null;
      stock: number | null;
    }[] = [];
    const components: { offerId: string; position: number; supply: string; description: string; shareE6: number }[] =
      [];
    const entries: { priceListId: string; offerId: string; unitPriceE4: number }[] = [];
    for (let i = 0; i < chunk && offers + offerRows.length < o.targetOffers; i++) {
      n++;
      const id = `gt${String(n).padStart(7, "0")}`;
      const publisher = publishers[Math.floor(rand() * publishers.length)]!;
      const subject = subjects[Math.floor(rand() * subjects.length)]!;
      const levelIndex = Math.floor(rand() * LEVELS.length);
      const level = LEVELS[levelIndex]!;
      const sector = levelIndex < 6 ? "PO" : levelIndex < 10 ? "VO" : "MBO";
      const year = sector === "PO" ? levelIndex + 3 : 1 + Math.floor(rand() * 3);
      const name =
        `${WORDS[Math.floor(rand() * WORDS.length)]} ${subject.name} ${level} ${sector === "PO" ? "" : year} (${n})`.replace(
          /\s+/g,
          " ",
        );
      const eans: string[] = [];
      const firstOffer = offerRows.length;
      const base = 1500 + Math.floor(rand() * 40) * 100;
      const add = (
        label: string,
        supply: string,
        format: string,
        months: number | null,
        stock: number | null,
        net: number,
        gross: number,
      ) => {
        const offerId = `go${String(offerRows.length + offers + 1).padStart(8, "0")}`;
        const ean = makeEan13("97894", offers + offerRows.length + 1);
        eans.push(ean);
        offerRows.push({
          id: offerId,
          titleId: id,
          ean,
          formatLabel: label,
          supply,
          format,
          licenceMonths: months,
          stock,
        });
        entries.push({ priceListId: o.defaultListId, offerId, unitPriceE4: net * 100 });
        entries.push({ priceListId: o.consumerListId, offerId, unitPriceE4: gross * 100 });
        return offerId;
      };
      // integer-cent list prices; consumer prices: integer cents × (100 + rate) / 100 rounded up
      // (exact: integer operands far below 2^53, only the final division is rounded)
      add("Leerwerkboek", "physical", "print", null, 500, base, Math.ceil((base * 106) / 100));
      add(
        "Digitale licentie 1 jaar",
        "electronic",
        "digital",
        12,
        null,
        base - 300,
        Math.ceil(((base - 300) * 121) / 100),
      );
      if (rand() < 0.7) {
        const bundleId = add(
          "Combinatie: boek + licentie 1 jaar",
          "bundle",
          "combination",
          12,
          300,
          base + 600,
          Math.ceil(((base + 600) * 112) / 100),
        );
        components.push({ offerId: bundleId, position: 1, supply: "physical", description: "Boek", shareE6: 600000 });
        components.push({
          offerId: bundleId,
          position: 2,
          supply: "electronic",
          description: "Online licentie",
          shareE6: 400000,
        });
      }
      titles.push({
        id,
        slug: `gen-${n}`,
        name,
        publisherId: publisher.id,
        subjectId: subject.id,
        sector,
        description: `Gegenereerde titel voor prestatietests (${subject.name}, ${level}).`,
        reviewed: rand() < 0.5,
        searchText: [name, publisher.name, ...eans].join(" ").toLowerCase(),
        searchKey: titleSearchKey(name, publisher.name, eans),
        activeFormats: titleActiveFormats(offerRows.slice(firstOffer)),
      });
      levels.push({ titleId: id, level });
      years.push({ titleId: id, year });
      titleGoals.push({ titleId: id, goalId: goals[Math.floor(rand() * goals.length)]!.id });
    }
    // one transaction per chunk; generous timeout: a loaded machine may take seconds per chunk
    await prisma.$transaction(
      async (tx) => {
        await tx.title.createMany({ data: titles });
        await tx.titleLevel.createMany({ data: levels });
        await tx.titleYear.createMany({ data: years });
        await tx.titleLearningGoal.createMany({ data: titleGoals });
        await tx.offer.createMany({ data: offerRows });
        await tx.bundleComponent.createMany({ data: components });
        await tx.priceListEntry.createMany({ data: entries });
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    offers += offerRows.length;
  }
  o.log(`large catalogue: ${await prisma.title.count()} titles, ${offers} offers`);
}
