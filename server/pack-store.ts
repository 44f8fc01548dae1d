// The packs the service answers from. A request takes `store.packs` once and keeps that set
// to the end; a reload builds a whole new set and swaps it in one assignment, or keeps the old.
import { existsSync, statSync } from 'node:fs';
import { loadPacks, type PackSet } from '../engine/pack/load.js';
import { PackValidationError, type PackError } from '../engine/pack/errors.js';

export type ReloadResult =
  | { ok: true; packs: PackSet; changed: number[]; added: number[]; removed: number[] }
  | { ok: false; message: string; errors: PackError[]; errorCount: number };

export class PackStore {
  #packs: PackSet;
  #loadedAt = new Date();

  /** dir: where reload() reads from; without it the packs are fixed (tests). */
  constructor(packs: PackSet, readonly dir?: string) {
    this.#packs = packs;
  }

  /** Loads every pack of dir; throws PackValidationError with every error, or Error for an unusable dir. */
  static load(dir: string): PackStore {
    return new PackStore(readDir(dir), dir);
  }

  get packs(): PackSet {
    return this.#packs;
  }

  get loadedAt(): Date {
    return this.#loadedAt;
  }

  years(): number[] {
    return [...this.#packs.keys()];
  }

  /** Reads the directory again; the new set replaces the old only if every pack is valid. */
  reload(): ReloadResult {
    if (!this.dir) return { ok: false, message: 'these packs were given in-process, not read from a directory', errors: [], errorCount: 0 };
    let next: PackSet;
    try {
      next = readDir(this.dir);
    } catch (e) {
      if (e instanceof PackValidationError) return { ok: false, message: `${e.errorCount} pack error(s)`, errors: e.errors, errorCount: e.errorCount };
      return { ok: false, message: (e as Error).message, errors: [], errorCount: 0 };
    }
    const previous = this.#packs;
    const changed = [...next.values()].filter((p) => previous.get(p.year)?.hash !== p.hash).map((p) => p.year);
    const added = [...next.keys()].filter((y) => !previous.has(y));
    const removed = [...previous.keys()].filter((y) => !next.has(y));
    this.#packs = next;
    this.#loadedAt = new Date();
    return { ok: true, packs: next, changed, added, removed };
  }
}

function readDir(dir: string): PackSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`no pack directory ${dir}`);
  const packs = loadPacks(dir);
  if (packs.size === 0) throw new Error(`no pack files (*.yaml) in ${dir}`);
  return packs;
}
