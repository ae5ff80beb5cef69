export * from "./codes.js";
export * from "./tokenomy-error.js";
