import { ConsoleLogger } from '@nestjs/common';
import type { LogLevelName } from '../../config/app-config.js';

const LEVELS: LogLevelName[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** One JSON object a line on stdout, for a log shipper to read. */
export function createJsonLogger(level: LogLevelName): ConsoleLogger {
  return new ConsoleLogger({ json: true, logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1) });
}
