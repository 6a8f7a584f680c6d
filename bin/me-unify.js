#!/usr/bin/env node
// The CLI entry: compiled code lives in dist/ (built by `npm ci` through the `prepare` script).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
