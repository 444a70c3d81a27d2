/**
 * The database's enumerations (the `enum` blocks in prisma/schema.prisma): a const object and a
 * union type per enum, e.g. `OrderStatus.PAID` / `OrderStatus`. Plain values with no Prisma
 * runtime behind them, so pure modules and the browser bundle may import them; both generated
 * clients declare the same values (docs/decisions/009-enums-and-typed-json.md).
 */
export * from "./generated/sqlite/enums";
