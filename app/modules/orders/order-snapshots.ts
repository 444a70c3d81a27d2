/**
 * The buyer, seller and delivery snapshots an order or invoice keeps as JSON (Order.buyerJson,
 * Order.deliveryJson, Invoice.buyerJson, Invoice.sellerJson), with the zod schemas they are read
 * through (docs/decisions/009-enums-and-typed-json.md). Snapshots are never rewritten, so the
 * schemas accept every shape ever stored: fields added later (oin) are optional.
 */
import { z } from "zod";
import { parseJson } from "~/stored-json";

const optional = z.string().nullish();

/** A party as stored: name and address, plus the identifiers an e-invoice may need. */
export const partySnapshotSchema = z.object({
  name: z.string(),
  street: z.string().default(""),
  postalCode: z.string().default(""),
  city: z.string().default(""),
  country: z.string().default("NL"),
  email: optional,
  kvkNumber: optional,
  oin: optional,
  vatNumber: optional,
  brin: optional,
  iban: optional,
});

/** The buyer as the invoice will show it; a school's KvK number and OIN are its Peppol addresses (0106 / 0190). */
export type BuyerSnapshot = z.input<typeof partySnapshotSchema>;

/** Where an order's physical parts go. */
export const deliverySnapshotSchema = z.object({
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string().default("NL"),
});

export type DeliverySnapshot = z.output<typeof deliverySnapshotSchema>;

export const readParty = (json: string, what = "party snapshot") => parseJson(partySnapshotSchema, json, what);
export const readDelivery = (json: string) => parseJson(deliverySnapshotSchema, json, "Order.deliveryJson");
