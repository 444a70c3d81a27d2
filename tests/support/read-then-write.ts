/**
 * Child process for tests/integration/sqlite-processes.test.ts: runs `count` transactions that read
 * Amstel Lyceum's payment term and write it back plus one, through the app's database client
 * (DATABASE_URL), and prints how many failed as JSON.
 * Usage: tsx tests/support/read-then-write.ts <count>
 */
import { db } from "~/db.server";

const count = Number(process.argv[2] ?? 50);
const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" }, select: { id: true } });
const errors: string[] = [];
for (let i = 0; i < count; i++) {
  try {
    await db.$transaction(async (tx) => {
      const { paymentTermDays } = await tx.organisation.findUniqueOrThrow({ where: { id: school.id } });
      await tx.organisation.update({ where: { id: school.id }, data: { paymentTermDays: paymentTermDays + 1 } });
    });
  } catch (error) {
    errors.push(String(error).split("\n").slice(-3).join(" ").slice(0, 200));
  }
}
await db.$disconnect();
console.log(JSON.stringify({ failed: errors.length, first: errors[0] ?? null }));
