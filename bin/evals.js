#!/usr/bin/env node
// The AWS SDK warns on every run under Node 20 that its releases after January 2027 will need
// Node 22; the version this package pins works on Node 20, so the warning is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2), process.env);
