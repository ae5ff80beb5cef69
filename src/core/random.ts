/**
 * A small deterministic pseudo-random source (mulberry32): the same numbers for the same seed on
 * every run and platform, for the emulator's answers and for generated test ledgers. Not for
 * anything secret.
 *
 * @example
 * const next = seededRandom(42);
 * next(); // a float in [0, 1), the same one every time
 */
export function seededRandom(seed: number): () => number {
  // Seed 0 starts from a fixed non-zero state, as the emulator always did: its answers for
  // seed 0 stay what they were.
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
