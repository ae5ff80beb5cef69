import { describe, expect, it } from "vitest";
import { FilesProgress } from "./files-progress.js";

describe("FilesProgress", () => {
  it("reports bytes read across files, each file's count on top of the files done", () => {
    const seen: number[] = [];
    const progress = new FilesProgress((bytes) => seen.push(bytes));
    progress.report(10);
    progress.report(40);
    progress.fileDone();
    progress.report(5);
    progress.fileDone();
    progress.fileDone();
    progress.report(1);
    expect(seen).toEqual([10, 40, 45, 46]);
  });

  it("works without a listener", () => {
    expect(() => new FilesProgress().report(1)).not.toThrow();
  });
});
