#!/usr/bin/env node
import { createRequire } from "node:module";
import type { Command as CommandClass } from "commander";
import { TOKENOMY_VERSION } from "../core/version.js";
import { commands } from "./commands/index.js";
import { runCommand } from "./run-command.js";

// commander is CommonJS: required directly, it skips the ESM loader's translation and its scan
// for exports (about 8 ms of every command's start-up, `tokenomy --version` 131 -> 123 ms).
const { Command } = createRequire(import.meta.url)("commander") as { Command: typeof CommandClass };
const program = new Command("tokenomy")
  .description("Token economics for LLM agents: meter, attribute, price, budget and diagnose every token.")
  .version(TOKENOMY_VERSION)
  .showHelpAfterError();

for (const register of commands) register(program, runCommand);

await program.parseAsync(process.argv);
