// Operator commands of this feature. Not built yet.
import type { CliCommand } from '../cli.js';

export const commands: Record<string, CliCommand> = {};
