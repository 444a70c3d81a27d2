/**
 * The order-code step never answers 5xx (issue 12): odd input gets a Dutch message, a code
 * inside pasted text opens the package, and a used code is told before an account is made.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { db } from "~/db.server";
import { hashOrderCode } from "~/modules/packages/order-code";
import { placeParentPackageOrder } from "~/modules/packages/parent-package.server";
import { completePaidOrder } from "~/modules/orders/orders.server";
import { action as codeAction } from "~/routes/bestelcode";
import { cookieFor, run } from "../support/requests";
import { answer } from "../support/action-result";

let ipCounter = 0;
/** A new address per attempt: these tests are about the answers, not the rate limit. */
const nextIp = () => `198.18.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

function post(body: BodyInit, contentType: string | null, cookie?: string) {
  const headers = new Headers({ "X-Forwarded-For": nextIp() });
  if (contentType) headers.set("Content-Type", contentType);
  if (cookie) headers.set("Cookie", cookie);
  return new Request("http://localhost/bestelcode", { method: "POST", body, headers });
}

async function send(request: Request) {
  const ip = request.headers.get("X-Forwarded-For")!;
  return run(() => codeAction({ request, params: {}, context: { clientAddress: ip } }));
}

const sendCode = (code: string, cookie?: string) =>
  send(post(new URLSearchParams({ code }), "application/x-www-form-urlencoded", cookie));

/** The status the browser would get: a Response's, or the action result's. */
function statusOf(returned: unknown): number {
  return returned instanceof Response ? returned.status : answer(returned).status;
}

/** Every answer is a redirect to the package or a 4xx with a Dutch message on the form. */
function expectHandled(returned: unknown) {
  const status = statusOf(returned);
  expect(status).toBeLessThan(500);
  if (returned instanceof Response) {
    expect(status).toBe(302);
    return;
  }
  const a = answer(returned);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(a.formError ?? a.errors.code).toMatch(/bestelcode|pogingen|tekst|code/i);
}

async function pseudonymWithCode(code: string, suffix: string) {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  return db.studentPseudonym.create({
    data: {
      schoolId: school.id,
      pseudonym: `https://ketenid.nl/201703/${suffix}`,
      classGroup: "H2A",
      schoolYear: "2026-2027",
      orderCodeHash: hashOrderCode(code),
      codeExpiresOn: "2027-09-30",
    },
  });
}

describe("odd input on the order-code step", () => {
  it.each([
    ["empty", ""],
    ["spaces only", "   \t  "],
    ["41 characters", "A".repeat(41)],
    ["a long pasted paragraph without a code", "Beste ouder, ".repeat(40)],
    ["over the 500-character limit", "x".repeat(501)],
    ["1 MB", "LWDM".repeat(256 * 1024)],
    ["control characters", "\u0000\u0001\u0008\u001b[31m\u007f"],
    ["unicode", "ＬＷＤＭ－７Ｋ３Ｑ－９ＸＡ２ 😀 𝔘𝔴 ß ǅ \u202e"],
    ["lone surrogates", "\ud800abc\udfff"],
    ["SQL", '\' OR 1=1; DROP TABLE "Order"; --'],
    ["HTML", "<script>alert(1)</script>"],
    ["lowercase unknown code", "abcd efgh jk23"],
  ])("%s: a 4xx with a Dutch message, never 5xx", async (_name, code) => {
    expectHandled(await sendCode(code));
  });

  it("a missing field, a repeated field, a file and an odd body: 4xx, never 5xx", async () => {
    expectHandled(await send(post(new URLSearchParams({ other: "x" }), "application/x-www-form-urlencoded")));
    expectHandled(await send(post("code=a&code=b", "application/x-www-form-urlencoded")));
    const withFile = new FormData();
    withFile.set("code", new File(["LWDM-7K3Q-9XA2"], "code.txt", { type: "text/plain" }));
    expectHandled(await send(post(withFile, null)));
    expectHandled(await send(post("code=%E0%A4%A", "application/x-www-form-urlencoded")));
  });

  it("any string at all is answered without 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ unit: "binary", maxLength: 600 }),
          fc.string({ minLength: 12, maxLength: 14, unit: fc.constantFrom(..."2345ABCDxyz- ") }),
        ),
        async (code) => expectHandled(await sendCode(code)),
      ),
      { numRuns: 150 },
    );
  });
});

describe("a code inside pasted text", () => {
  it("opens the package from a line of the school's letter, in any case and spacing", async () => {
    await pseudonymWithCode("PSTE-2345-6789", "paste0000000000000000000000000001");
    for (const text of [
      "Uw bestelcode is PSTE-2345-6789, geldig tot 30 september 2027.",
      "uw bestelcode is pste 2345 6789",
      "  Bestelcode:\tpste-2345-6789  ",
    ]) {
      const res = (await sendCode(text)) as Response;
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/pakket");
    }
  });

  it("says so when pasted text holds no code", async () => {
    const a = answer<string>(await sendCode("Beste ouder, hierbij de brief voor het nieuwe schooljaar."));
    expect(a.status).toBe(400);
    expect(a.outcome).toBe("MALFORMED");
    expect(a.formError).toMatch(/^In deze tekst staat geen bestelcode/);
  });
});

describe("a code that has been used", () => {
  it("is told to an anonymous visitor on the code step; the parent who ordered gets the package", async () => {
    const code = "USED-2345-6789";
    const pseudonym = await pseudonymWithCode(code, "used0000000000000000000000000001");
    const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const items = await db.packageItem.findMany({
      where: { package: { schoolId: pseudonym.schoolId, classGroup: "H2A" }, paidBy: "PARENT" },
    });
    expect(items.length).toBeGreaterThan(0);
    const placed = await placeParentPackageOrder({
      pseudonymId: pseudonym.id,
      user: parent,
      choices: {},
      idempotencyKey: "used-code-order-1",
    });
    if (!placed.ok) throw new Error(placed.error);

    const waiting = answer<string>(await sendCode(code));
    expect(waiting).toMatchObject({ status: 400, outcome: "USED" });
    expect(waiting.formError).toMatch(/al besteld; die bestelling wacht nog op betaling/);

    await db.$transaction((tx) => completePaidOrder(tx, placed.orderId));
    const paid = answer<string>(await sendCode(code));
    expect(paid).toMatchObject({ status: 400, outcome: "USED" });
    expect(paid.formError).toMatch(/^Met deze bestelcode is het pakket al besteld en betaald/);

    // Another account does not make it theirs.
    const other = answer<string>(await sendCode(code, await cookieFor("school@leerwinkel.test")));
    expect(other.outcome).toBe("USED");
    // The parent who ordered opens the package (it offers the order).
    const own = (await sendCode(code, await cookieFor("ouder@leerwinkel.test"))) as Response;
    expect(own.status).toBe(302);
  });
});
