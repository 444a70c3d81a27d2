/**
 * Demo history for the finance pages (issue 6): school orders on invoice and parents' online
 * package orders of four schools over 2026-Q2 … today, some invoices settled, some open
 * (one overdue), a partial and a full credit note and one cancelled order. Everything goes
 * through the shop's own code (placeOrder with explicit dates and idempotency keys,
 * completePaidOrder, issueCreditNote, cancelOrder, markInvoicePaid), so the invoices are
 * exactly what the shop would have issued. Deterministic: fixed dates and quantities; events
 * after today are skipped (the clock only decides how much of the list is history). Runs in
 * well under 10 s on SQLite and PostgreSQL. Skipped without the demo accounts, and in production
 * unless SEED_DEMO_HISTORY=1 (fake invoices would take real invoice numbers).
 *
 * Which database: placeOrder and friends use the global `db` of app/db.server.ts, which was
 * created from DATABASE_URL when that module was first imported, while seedDemo gets a
 * `prisma` client that may point elsewhere (the test harness seeds its template database with
 * an explicit URL). While the history runs, the global client's model delegates and `$`
 * methods are redirected to `prisma` (restored afterwards), so all writes land in the
 * database being seeded. (Setting globalThis.__leerwinkelDb is too late at that point: `db`
 * is a const bound at import.)
 */
import type { Db } from "../app/db.server";
import { hashOrderCode } from "../app/modules/packages/order-code";

interface HistoryOptions {
  log?: (line: string) => void;
  today?: string;
}

type Item = { title: string; supply: string; quantity: number; classGroup?: string };

interface SchoolEvent {
  kind: "SCHOOL";
  key: string;
  date: string;
  brin: string;
  user: string;
  po?: string;
  items: Item[];
  paidOn?: string;
  /** partial credit of one line (by title/supply) on a date */
  partialCredit?: { date: string; title: string; supply: string; quantity: number };
  cancel?: boolean;
}

interface ParentEvent {
  kind: "PARENT";
  key: string;
  date: string;
  parent: number;
  items: Item[];
  /** paid at the checkout (false: the parent never paid — the order waits, no invoice) */
  paid: boolean;
  fullCreditOn?: string;
}

const GR = "Getal & Ruimte havo 2";
const SS = "Stepping Stones havo 2";
const NN = "Nederlands Nu havo 2";
const BIO = "Biologie voor jou havo 2";
const CASIO = "Rekenmachine Casio fx-82MS";
const ATLAS = "De Grote Bosatlas 56e editie";
const WIG5 = "Wereld in getallen groep 5";
const BLINK5 = "Blink Wereld groep 5";
const TOPO6 = "Topografie Nederland groep 6";
const HEADSET = "Koptelefoon met microfoon";

/** The history, in date order (numbers are issued in this order, so they rise with the dates). */
export const HISTORY: (SchoolEvent | ParentEvent)[] = [
  {
    kind: "SCHOOL",
    key: "h-01",
    date: "2026-04-14",
    brin: "12AB",
    user: "school@leerwinkel.test",
    po: "AL-2026-0412",
    items: [
      { title: SS, supply: "physical", quantity: 26, classGroup: "H2B" },
      { title: SS, supply: "electronic", quantity: 26, classGroup: "H2B" },
      { title: ATLAS, supply: "physical", quantity: 8 },
    ],
    paidOn: "2026-05-11",
  },
  {
    kind: "SCHOOL",
    key: "h-02",
    date: "2026-05-06",
    brin: "23BC",
    user: "po@leerwinkel.test",
    items: [
      { title: WIG5, supply: "physical", quantity: 24, classGroup: "groep 5" },
      { title: WIG5, supply: "electronic", quantity: 24, classGroup: "groep 5" },
      { title: TOPO6, supply: "physical", quantity: 22 },
    ],
    paidOn: "2026-06-02",
  },
  {
    kind: "SCHOOL",
    key: "h-03",
    date: "2026-05-20",
    brin: "34CD",
    user: "vechtdal@leerwinkel.test",
    items: [
      { title: GR, supply: "bundle", quantity: 12, classGroup: "H2" },
      { title: HEADSET, supply: "goods", quantity: 15 },
    ],
    paidOn: "2026-06-19",
  },
  {
    kind: "SCHOOL",
    key: "h-04",
    date: "2026-06-03",
    brin: "12AB",
    user: "school@leerwinkel.test",
    po: "AL-2026-0603",
    items: [{ title: NN, supply: "electronic", quantity: 30, classGroup: "H2A" }],
    partialCredit: { date: "2026-06-17", title: NN, supply: "electronic", quantity: 4 },
    paidOn: "2026-07-01",
  },
  {
    kind: "PARENT",
    key: "h-05",
    date: "2026-06-18",
    parent: 0,
    paid: true,
    items: [
      { title: SS, supply: "physical", quantity: 1 },
      { title: GR, supply: "electronic", quantity: 1 },
      { title: CASIO, supply: "goods", quantity: 1 },
    ],
  },
  {
    kind: "SCHOOL",
    key: "h-06",
    date: "2026-07-08",
    brin: "23BC",
    user: "po@leerwinkel.test",
    items: [{ title: BLINK5, supply: "electronic", quantity: 27, classGroup: "groep 5" }],
    paidOn: "2026-08-05",
  },
  {
    kind: "SCHOOL",
    key: "h-07",
    date: "2026-08-19",
    brin: "12AB",
    user: "school@leerwinkel.test",
    po: "AL-2026-0819",
    items: [
      { title: GR, supply: "bundle", quantity: 6, classGroup: "H2C" },
      { title: CASIO, supply: "goods", quantity: 28 },
      { title: ATLAS, supply: "physical", quantity: 4 },
    ],
    paidOn: "2026-09-15",
  },
  {
    kind: "PARENT",
    key: "h-08",
    date: "2026-08-25",
    parent: 1,
    paid: true,
    items: [
      { title: GR, supply: "bundle", quantity: 1 },
      { title: BIO, supply: "physical", quantity: 1 },
    ],
  },
  {
    kind: "PARENT",
    key: "h-09",
    date: "2026-08-27",
    parent: 2,
    paid: true,
    fullCreditOn: "2026-09-02",
    items: [
      { title: SS, supply: "electronic", quantity: 1 },
      { title: CASIO, supply: "goods", quantity: 1 },
    ],
  },
  {
    kind: "SCHOOL",
    key: "h-10",
    date: "2026-09-10",
    brin: "34CD",
    user: "vechtdal@leerwinkel.test",
    items: [
      { title: BIO, supply: "physical", quantity: 18, classGroup: "H3" },
      { title: BIO, supply: "electronic", quantity: 18, classGroup: "H3" },
    ],
  },
  {
    kind: "PARENT",
    key: "h-11",
    date: "2026-09-24",
    parent: 0,
    paid: false,
    items: [{ title: CASIO, supply: "goods", quantity: 1 }],
  },
  {
    kind: "SCHOOL",
    key: "h-12",
    date: "2026-10-06",
    brin: "12AB",
    user: "school@leerwinkel.test",
    po: "AL-2026-1006",
    items: [
      { title: NN, supply: "electronic", quantity: 4, classGroup: "H2A" },
      { title: ATLAS, supply: "physical", quantity: 2 },
    ],
    paidOn: "2026-11-02",
  },
  {
    kind: "SCHOOL",
    key: "h-13",
    date: "2026-10-21",
    brin: "23BC",
    user: "po@leerwinkel.test",
    items: [{ title: TOPO6, supply: "physical", quantity: 25 }],
    cancel: true,
  },
  {
    kind: "SCHOOL",
    key: "h-14",
    date: "2026-11-12",
    brin: "34CD",
    user: "vechtdal@leerwinkel.test",
    items: [
      { title: HEADSET, supply: "goods", quantity: 20 },
      { title: BIO, supply: "electronic", quantity: 5 },
    ],
  },
  {
    kind: "PARENT",
    key: "h-15",
    date: "2026-11-25",
    parent: 1,
    paid: true,
    items: [{ title: SS, supply: "physical", quantity: 1 }],
  },
];

const PARENTS = [
  { email: "ouder@leerwinkel.test", name: "Olga Jansen" },
  { email: "ouder.demo2@leerwinkel.test", name: "Mehmet Yilmaz" },
  { email: "ouder.demo3@leerwinkel.test", name: "Lotte van Dijk" },
];

/**
 * Points the global client's query surface at `prisma` while `fn` runs (see the file comment).
 * A no-op when they are the same client.
 */
async function withGlobalDb<T>(prisma: Db, fn: () => Promise<T>): Promise<T> {
  const { db } = await import("../app/db.server");
  if (db === prisma) return fn();
  const target = db as unknown as Record<string, unknown>;
  const source = prisma as unknown as Record<string, unknown>;
  const keys = new Set<string>([
    ...Object.keys(source).filter((k) => !k.startsWith("_")),
    "$transaction",
    "$queryRaw",
    "$executeRaw",
    "$queryRawUnsafe",
    "$executeRawUnsafe",
  ]);
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const key of keys) {
    const value = source[key];
    if (value === undefined) continue;
    saved.set(key, Object.getOwnPropertyDescriptor(target, key));
    Object.defineProperty(target, key, {
      value: typeof value === "function" ? value.bind(prisma) : value,
      configurable: true,
      writable: true,
    });
  }
  try {
    return await fn();
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete target[key];
    }
  }
}

/** Adds the history to a freshly seeded demo database (called at the end of seedDemo). */
export async function seedHistory(
  prisma: Db,
  options: HistoryOptions = {},
): Promise<{ orders: number; invoices: number; creditNotes: number }> {
  const log = options.log ?? console.log;
  const started = Date.now();
  // Fake invoices would take real invoice numbers: in production only when asked for.
  if (process.env.NODE_ENV === "production" && process.env.SEED_DEMO_HISTORY !== "1") {
    log("Production mode: no demo order history (set SEED_DEMO_HISTORY=1 to add it).");
    return { orders: 0, invoices: 0, creditNotes: 0 };
  }
  if (!(await prisma.user.findUnique({ where: { email: "school@leerwinkel.test" } }))) {
    log("No demo accounts: no demo order history.");
    return { orders: 0, invoices: 0, creditNotes: 0 };
  }
  return withGlobalDb(prisma, async () => {
    const { placeOrder, completePaidOrder, cancelOrder, releaseStock } =
      await import("../app/modules/orders/orders.server");
    const { issueCreditNote } = await import("../app/modules/invoices/issue-invoice.server");
    const { markInvoicePaid } = await import("../app/modules/invoices/finance.server");
    const { revokeLicences } = await import("../app/modules/licences/licences.server");
    const { todayInAmsterdam } = await import("../app/modules/calendar/iso-date");
    const { DEMO_ORDER_CODE } = await import("./seed");
    const today = options.today ?? todayInAmsterdam();

    const offers = new Map<string, string>();
    const offerId = async (title: string, supply: string) => {
      const key = `${title}|${supply}`;
      if (!offers.has(key)) {
        const offer = await prisma.offer.findFirst({
          where: { supply, title: { name: title } },
          orderBy: [{ licenceMonths: "asc" }, { ean: "asc" }],
          select: { id: true },
        });
        if (!offer) throw new Error(`seed-history: no ${supply} offer for "${title}"`);
        offers.set(key, offer.id);
      }
      return offers.get(key)!;
    };
    const school = async (brin: string) => prisma.organisation.findUniqueOrThrow({ where: { brin } });
    const userId = async (email: string) => (await prisma.user.findUniqueOrThrow({ where: { email } })).id;

    // Parents: the demo parent plus two history-only accounts that cannot log in ("!" is no hash).
    const parentIds: string[] = [];
    for (const p of PARENTS) {
      const existing = await prisma.user.findUnique({ where: { email: p.email } });
      parentIds.push(
        existing?.id ??
          (
            await prisma.user.create({
              data: { email: p.email, name: p.name, passwordHash: "!", memberships: { create: { role: "PARENT" } } },
            })
          ).id,
      );
    }
    const amstel = await school("12AB");
    const pkg = await prisma.studentPackage.findFirst({
      where: { schoolId: amstel.id, classGroup: "H2A" },
      include: { items: { include: { offers: true } } },
    });
    // Pseudonyms from the end of the list; the demo order code's pseudonym stays unordered for the demo.
    const pseudonyms = await prisma.studentPseudonym.findMany({
      where: { schoolId: amstel.id, orderCodeHash: { not: hashOrderCode(DEMO_ORDER_CODE) } },
      orderBy: { pseudonym: "desc" },
      take: HISTORY.filter((e) => e.kind === "PARENT").length,
    });

    let orders = 0;
    let credits = 0;
    let parentIndex = 0;
    const cancels: { orderId: string; schoolId: string; userId: string }[] = [];
    for (const event of HISTORY) {
      if (event.date > today) continue;
      if (event.kind === "SCHOOL") {
        const s = await school(event.brin);
        const uid = await userId(event.user);
        const items = await Promise.all(
          event.items.map(async (i) => ({
            offerId: await offerId(i.title, i.supply),
            quantity: i.quantity,
            classGroup: i.classGroup,
          })),
        );
        const placed = await placeOrder({
          kind: "SCHOOL",
          schoolId: s.id,
          userId: uid,
          idempotencyKey: `seed-history-${event.key}`,
          paymentMethod: "INVOICE",
          poNumber: event.po ?? null,
          items,
          date: event.date,
        });
        orders++;
        if (event.paidOn && event.paidOn <= today) {
          const invoice = await prisma.invoice.findFirstOrThrow({
            where: { orderId: placed.orderId, type: "INVOICE" },
            select: { id: true },
          });
          // A refusal (SettlementError) stops the seed with its message.
          await markInvoicePaid({ invoiceId: invoice.id, schoolId: s.id, userId: uid, paidOn: event.paidOn, today });
        }
        if (event.partialCredit && event.partialCredit.date <= today) {
          const credit = event.partialCredit;
          const creditOfferId = await offerId(credit.title, credit.supply);
          await prisma.$transaction(async (tx) => {
            const line = await tx.orderLine.findFirstOrThrow({
              where: { orderId: placed.orderId, offerId: creditOfferId },
            });
            await issueCreditNote(
              tx,
              placed.orderId,
              [{ orderLineId: line.id, quantity: credit.quantity }],
              credit.date,
            );
            await revokeLicences(tx, line.id, credit.quantity);
            await releaseStock(tx, placed.orderId, new Map([[line.id, credit.quantity]]));
          });
          credits++;
        }
        if (event.cancel) cancels.push({ orderId: placed.orderId, schoolId: s.id, userId: uid });
      } else {
        const pseudonym = pseudonyms[parentIndex++];
        if (!pkg || !pseudonym) continue;
        const parent = PARENTS[event.parent]!;
        const items = await Promise.all(
          event.items.map(async (i) => {
            const id = await offerId(i.title, i.supply);
            const packageItem = pkg.items.find((pi) => pi.offers.some((o) => o.offerId === id));
            return { offerId: id, quantity: i.quantity, packageItemId: packageItem?.id ?? null };
          }),
        );
        const placed = await placeOrder({
          kind: "PARENT",
          schoolId: amstel.id,
          userId: parentIds[event.parent]!,
          idempotencyKey: `seed-history-${event.key}`,
          paymentMethod: "ONLINE",
          items,
          pseudonymId: pseudonym.id,
          packageId: pkg.id,
          date: event.date,
          buyer: {
            name: parent.name,
            email: parent.email,
            street: amstel.street,
            postalCode: amstel.postalCode,
            city: amstel.city,
            country: amstel.country,
          },
        });
        orders++;
        if (!event.paid) continue;
        await prisma.$transaction((tx) => completePaidOrder(tx, placed.orderId, event.date));
        if (event.fullCreditOn && event.fullCreditOn <= today) {
          const creditOn = event.fullCreditOn;
          await prisma.$transaction(async (tx) => {
            await issueCreditNote(tx, placed.orderId, "ALL", creditOn);
            const lines = await tx.orderLine.findMany({ where: { orderId: placed.orderId } });
            for (const line of lines) await revokeLicences(tx, line.id, "ALL");
            await releaseStock(tx, placed.orderId, new Map(lines.map((l) => [l.id, l.quantity])));
            await tx.order.update({ where: { id: placed.orderId }, data: { status: "REFUNDED" } });
          });
          credits++;
        }
      }
    }
    // Cancellations last: cancelOrder dates its credit note today, which keeps the numbers rising with the dates.
    for (const c of cancels) {
      await cancelOrder(c.orderId, { schoolId: c.schoolId, userId: c.userId });
      credits++;
    }
    const invoices = await prisma.invoice.count({ where: { type: "INVOICE", orderNumber: { not: "" } } });
    log(
      `history: ${orders} orders since 2026-04-01, ${invoices} invoices, ${credits} credit notes (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return { orders, invoices, creditNotes: credits };
  });
}
