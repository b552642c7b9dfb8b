/** A start-up failure the operator fixes through one variable: its message is one sentence naming it. */
export class StartupError extends Error {
  constructor(variable: string, problem: string, prefix = 'Cannot start') {
    super(`${prefix}: ${variable} ${problem}`);
  }
}

export class ConfigError extends StartupError {
  constructor(variable: string, problem: string) {
    super(variable, problem, 'Invalid configuration');
  }
}
