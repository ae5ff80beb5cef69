import { seededRandom as seededSequence } from "../core/random.js";

/** 53-bit string hash (cyrb53): fast, stable across runs, good enough to seed answers and key caches. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Deterministic pseudo-random source (mulberry32) seeded from a request hash. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [low, high] inclusive. */
  integer(low: number, high: number): number;
  pick<Item>(items: readonly Item[]): Item;
}

export function seededRandom(seed: number): Random {
  const next = seededSequence(seed);
  return {
    next,
    integer: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An id body like the providers' (`chatcmpl-…`, `msg_01…`), from a random source. */
export function randomId(random: Random, length = 24): string {
  let id = "";
  for (let index = 0; index < length; index++) id += ALPHABET[Math.floor(random.next() * ALPHABET.length)];
  return id;
}
