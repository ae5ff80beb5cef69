#!/usr/bin/env node
import { Command } from "commander";
import { TOKENOMY_VERSION } from "../core/version.js";
import { commands } from "./commands/index.js";
import { runCommand } from "./run-command.js";

const program = new Command("tokenomy")
  .description("Token economics for LLM agents: meter, attribute, price, budget and diagnose every token.")
  .version(TOKENOMY_VERSION)
  .showHelpAfterError();

for (const register of commands) register(program, runCommand);

await program.parseAsync(process.argv);
