/**
 * The items of a with-items task: their statuses live on the staged task as a list of
 * `{status}` (Orquesta's shape). Two things keep ten thousand items cheap: a per-status tally kept
 * beside the list, so an item event need not look at every other item, and run-length encoding
 * in checkpoints (`[["succeeded", 1200], ["null", 8800]]`).
 */
import type { StagedItem } from './conductor-state.js';
import type { Status } from './statuses.js';

// Per-status counts of a with-items task's items, kept beside the items list (never serialized):
// a with-items task may have thousands of items, and each item event asks about the others.
const ITEM_TALLIES = new WeakMap<StagedItem[], Map<Status, number>>();

/** How many items of a staged task are in each status. */
export function itemTally(items: StagedItem[]): ReadonlyMap<Status, number> {
  let tally = ITEM_TALLIES.get(items);
  if (!tally) {
    tally = new Map();
    for (const item of items) tally.set(item.status, (tally.get(item.status) ?? 0) + 1);
    ITEM_TALLIES.set(items, tally);
  }
  return tally;
}

// The lowest item id that may still be `null` (not run), per items list: items start in order, so
// finding the next ones to start does not walk past the thousands that already ran.
const NOT_RUN_FROM = new WeakMap<StagedItem[], number>();

/** Ids of up to `limit` items that have not run yet (status `null`), lowest first. */
export function notRunItems(items: StagedItem[], limit: number): number[] {
  let from = NOT_RUN_FROM.get(items) ?? 0;
  while (from < items.length && items[from]!.status !== 'null') from++;
  NOT_RUN_FROM.set(items, from);
  const out: number[] = [];
  for (let i = from; i < items.length && out.length < limit; i++) if (items[i]!.status === 'null') out.push(i);
  return out;
}

/** Sets one item's status; every item status change goes through here. */
export function setItemStatus(items: StagedItem[], itemId: number, status: Status): void {
  const from = NOT_RUN_FROM.get(items);
  if (status === 'null' && from !== undefined && itemId < from) NOT_RUN_FROM.set(items, itemId);
  const tally = ITEM_TALLIES.get(items);
  const old = items[itemId]?.status;
  if (tally && old !== undefined) tally.set(old, (tally.get(old) ?? 0) - 1);
  if (tally) tally.set(status, (tally.get(status) ?? 0) + 1);
  items[itemId] = { status };
}

/** Item statuses as `[status, run length]` pairs, as checkpoints store them. */
export type EncodedItems = [Status, number][];

/** Run-length encodes item statuses for a checkpoint. */
export function encodeItems(items: StagedItem[]): EncodedItems {
  const runs: EncodedItems = [];
  for (const { status } of items) {
    const last = runs[runs.length - 1];
    if (last && last[0] === status) last[1]++;
    else runs.push([status, 1]);
  }
  return runs;
}

/** Reads item statuses back from a checkpoint (encoded or Orquesta's plain list). */
export function decodeItems(items: StagedItem[] | EncodedItems): StagedItem[] {
  const out: StagedItem[] = [];
  for (const entry of items) {
    if (Array.isArray(entry)) for (let i = 0; i < entry[1]; i++) out.push({ status: entry[0] });
    else out.push({ status: entry.status });
  }
  return out;
}
