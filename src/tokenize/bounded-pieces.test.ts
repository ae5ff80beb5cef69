import { describe, expect, it } from "vitest";
import { boundedPieces } from "./bounded-pieces.js";

describe("boundedPieces", () => {
  it("leaves ordinary text whole", () => {
    const text = "The quick brown fox jumps over the lazy dog.\n".repeat(100);
    expect([...boundedPieces(text, 64)]).toEqual([{ text, run: false }]);
  });

  it("cuts a long run into bounded pieces and keeps every character", () => {
    const text = "head " + "a".repeat(10) + " tail";
    const pieces = [...boundedPieces(text, 4)];
    expect(pieces).toEqual([
      { text: "head ", run: false },
      { text: "aaaa", run: true },
      { text: "aaaa", run: true },
      { text: "aa tail", run: false },
    ]);
    expect(pieces.map((piece) => piece.text).join("")).toBe(text);
  });

  it("cuts long whitespace runs too", () => {
    const pieces = [...boundedPieces(" ".repeat(9), 4)];
    expect(pieces.map((piece) => piece.text.length)).toEqual([4, 4, 1]);
  });

  it("never splits a surrogate pair", () => {
    const text = "😀".repeat(50);
    for (const piece of boundedPieces(text, 7)) {
      expect(piece.text.length).toBeLessThanOrEqual(8);
      expect(/^[\uDC00-\uDFFF]/.test(piece.text)).toBe(false);
    }
    expect([...boundedPieces(text, 7)].map((piece) => piece.text).join("")).toBe(text);
  });
});
