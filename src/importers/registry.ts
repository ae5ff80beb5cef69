import type { Importer } from "../core/importer.js";

/**
 * Every log importer, one line each. Adding a format is one folder `src/importers/<id>/` and one
 * line here; an id without an entry fails to compile.
 */
export const importerIds = [] as const;
export type ImporterId = (typeof importerIds)[number];

export const importers: Record<ImporterId, Importer> = {};
