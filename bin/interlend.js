#!/usr/bin/env node
// Interlend's command line. The sources are TypeScript run through tsx, so register its loader
// before importing them.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exit(await main(process.argv.slice(2)));
