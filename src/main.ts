#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { eventsCommand } from './infrastructure/cli/events.command.js';
import { explainCommand } from './infrastructure/cli/explain.command.js';
import { exportCommand } from './infrastructure/cli/export.command.js';
import { projectionsCommand } from './infrastructure/cli/projections.command.js';
import { serveCommands } from './infrastructure/cli/serve.command.js';
import { describeStartupFailure } from './infrastructure/cli/startup-failure.js';
import { simulateCommand } from './infrastructure/cli/simulate.command.js';
import { verifyCommand } from './infrastructure/cli/verify.command.js';

const program = new Command('dialstream').description('Event-sourced outbound voice campaigns');
for (const command of serveCommands()) program.addCommand(command, { isDefault: command.name() === 'start' });
program.addCommand(projectionsCommand());
program.addCommand(eventsCommand());
program.addCommand(verifyCommand());
program.addCommand(exportCommand());
program.addCommand(explainCommand());
program.addCommand(simulateCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  for (const line of describeStartupFailure(error, process.env.LOG_LEVEL)) console.error(line);
  process.exit(1);
}
