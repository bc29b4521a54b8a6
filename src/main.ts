#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { serveCommands } from './infrastructure/cli/serve.command.js';
import { describeStartupFailure } from './infrastructure/cli/startup-failure.js';

const SERVING = new Set([undefined, 'start', 'api', 'worker']);

/**
 * The other commands load the projections and the audit code: left out when serving, so the
 * supervisor of `dialstream start`, which only owns the database and its children, stays small
 * (about 80 MB instead of 200).
 */
const otherCommands = async (): Promise<Command[]> => {
  const [events, explain, exporting, projections, simulate, verify] = await Promise.all([
    import('./infrastructure/cli/events.command.js'),
    import('./infrastructure/cli/explain.command.js'),
    import('./infrastructure/cli/export.command.js'),
    import('./infrastructure/cli/projections.command.js'),
    import('./infrastructure/cli/simulate.command.js'),
    import('./infrastructure/cli/verify.command.js'),
  ]);
  return [projections.projectionsCommand(), events.eventsCommand(), verify.verifyCommand(), exporting.exportCommand(), explain.explainCommand(), simulate.simulateCommand()];
};

const program = new Command('dialstream').description('Event-sourced outbound voice campaigns');
for (const command of serveCommands()) program.addCommand(command, { isDefault: command.name() === 'start' });

try {
  if (!SERVING.has(process.argv[2])) for (const command of await otherCommands()) program.addCommand(command);
  await program.parseAsync(process.argv);
} catch (error) {
  for (const line of describeStartupFailure(error, process.env.LOG_LEVEL)) console.error(line);
  process.exit(1);
}
