/**
 * Which quantity tier of a price-list entry applies (DESIGN.md §2, "from 25, from 100 …"): the
 * tier with the highest minimum quantity not above the quantity; none below the lowest tier
 * (the entry's base price applies). The one rule for the offer pricing and the bundle round.
 */
export function tierFor<T extends { minQuantity: number }>(tiers: readonly T[], quantity: number): T | undefined {
  let tier: T | undefined;
  for (const t of tiers) if (t.minQuantity <= quantity && (!tier || t.minQuantity > tier.minQuantity)) tier = t;
  return tier;
}
