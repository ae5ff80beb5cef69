import type { Command } from "commander";
import type { RunCommand } from "../run-command.js";
import { registerEmulate } from "./emulate.js";
import { registerGateway } from "./gateway.js";
import { registerImport } from "./import.js";
import { registerPrices } from "./prices.js";
import { registerReport } from "./report.js";

/**
 * Every CLI command, one line each. A command module registers itself on the program and keeps
 * its heavy imports inside its action (dynamic `import()`), so `tokenomy report` never loads the
 * gateway.
 */
export type RegisterCommand = (program: Command, run: RunCommand) => void;

export const commands: RegisterCommand[] = [registerImport, registerReport, registerPrices, registerGateway, registerEmulate];
