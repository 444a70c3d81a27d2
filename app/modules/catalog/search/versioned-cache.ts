/**
 * A small least-recently-used cache whose entries carry the version of the data they were
 * computed from: an entry of another version is a miss (and is dropped). Bounded by the number
 * of entries and by a total weight (e.g. ids held), evicting the least recently used first.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T; weight: number }>();
  private weight = 0;

  constructor(private readonly limits: { maxEntries: number; maxWeight: number; weigh: (value: T) => number }) {}

  get(key: string, version: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.delete(key);
    if (entry.version !== version) return undefined;
    this.entries.set(key, entry); // most recently used last
    this.weight += entry.weight;
    return entry.value;
  }

  set(key: string, version: number, value: T): void {
    this.delete(key);
    const weight = this.limits.weigh(value);
    if (weight > this.limits.maxWeight) return;
    this.entries.set(key, { version, value, weight });
    this.weight += weight;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.weight <= this.limits.maxWeight) break;
      this.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}
