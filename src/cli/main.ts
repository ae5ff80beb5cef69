#!/usr/bin/env node
import { Command } from "commander";
import { commands } from "./commands/index.js";
import { runCommand } from "./run-command.js";

const program = new Command("tokenomy")
  .description("Token economics for LLM agents: meter, attribute, price, budget and diagnose every token.")
  .version("0.1.0")
  .showHelpAfterError();

for (const register of commands) register(program, runCommand);

await program.parseAsync(process.argv);
