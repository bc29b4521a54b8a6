#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { eventsCommand } from './infrastructure/cli/events.command.js';
import { projectionsCommand } from './infrastructure/cli/projections.command.js';
import { serveCommands } from './infrastructure/cli/serve.command.js';

const program = new Command('dialstream').description('Event-sourced outbound voice campaigns');
for (const command of serveCommands()) program.addCommand(command, { isDefault: command.name() === 'start' });
program.addCommand(projectionsCommand());
program.addCommand(eventsCommand());

await program.parseAsync(process.argv);
