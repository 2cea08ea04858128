// Preloaded into an app process (NODE_OPTIONS=--import): appends the URL of every module it
// imports to the file named by ACCORDANT_MODULE_LOG, so a test can tell what starting it loaded.
import { register } from 'node:module';

register('./module-log.hooks.mjs', import.meta.url, { data: { file: process.env.ACCORDANT_MODULE_LOG } });
