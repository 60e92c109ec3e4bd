import { ConfigError, loadConfig, type Config } from '../src/config/env.js';

/** The configuration from the environment; when it is invalid, prints every problem and exits with code 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
