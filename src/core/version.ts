/** tokenomy's release, as in package.json (a test keeps the two equal). */
export const TOKENOMY_VERSION = "0.1.0";
