// Runs the TypeScript sources in a child process without a build: `node --import <this> src/main.ts worker`.
// The dialer's process-level tests spawn workers this way (a full `tsc` build costs far more on CI).
import { register } from 'node:module';

register('./dialer-ts-hooks.mjs', import.meta.url);
