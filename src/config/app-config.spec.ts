import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

/** Calls loadConfig and returns the ConfigError it throws (failing the test if it throws nothing or something else). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

/** One sentence: a single line with no sentence break (". X", "! X", "? X") inside it. */
function expectOneSentenceAbout(message: string, variable: string): void {
  expect(message.startsWith(`Invalid configuration: ${variable} `)).toBe(true);
  expect(message).not.toMatch(/[\r\n]/);
  expect(message).not.toMatch(/[.!?]\s+\S/);
}

describe('loadConfig', () => {
  describe('defaults with an empty environment', () => {
    const config = loadConfig({});

    it('listens on port 3000 and links to http://localhost:3000', () => {
      expect(config.port).toBe(3000);
      expect(config.publicUrl).toBe('http://localhost:3000');
    });

    it('keeps its sqlite database as an absolute path inside DATA_DIR', () => {
      expect(config.dataDir).toBe(resolve('./data'));
      expect(isAbsolute(config.dataDir)).toBe(true);
      expect(config.database).toEqual({ kind: 'sqlite', file: join(config.dataDir, 'monitor.db') });
      expect(config.database.kind === 'sqlite' && isAbsolute(config.database.file)).toBe(true);
    });

    it('lets a waiver last at most 90 days', () => {
      expect(config.waiverMaxDays).toBe(90);
    });

    it('evaluates at 06:00 on weekdays and polls the outbox every 5 s', () => {
      expect(config.evaluationCron).toBe('0 6 * * 1-5');
      expect(config.outboxPollMs).toBe(5000);
    });

    it('sends nothing, and has no admin key, until told to', () => {
      expect(config.alertFrom).toBe('exposure-monitor@localhost');
      expect(config.smtpUrl).toBeNull();
      expect(config.adminApiKey).toBeNull();
    });

    it('accepts uploads up to 512 MB', () => {
      expect(config.uploadMaxBytes).toBe(512 * 1024 * 1024);
    });

    it('logs at info, as JSON lines unless stdout is a terminal', () => {
      expect(loadConfig({}, false).log).toEqual({ format: 'json', level: 'info' });
      expect(loadConfig({}, true).log).toEqual({ format: 'pretty', level: 'info' });
    });

    it('treats blank variables as unset', () => {
      expect(loadConfig({ PORT: '  ', DATABASE_URL: '', EVALUATION_CRON: ' ', SMTP_URL: '' })).toEqual(config);
    });
  });

  it('moves the default database with DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: '/srv/monitor' });
    expect(config.dataDir).toBe(resolve('/srv/monitor'));
    expect(config.database).toEqual({ kind: 'sqlite', file: join(resolve('/srv/monitor'), 'monitor.db') });
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('derives the default public URL from PORT', () => {
    const config = loadConfig({ PORT: '8080' });
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
  });

  it('keeps an explicit PUBLIC_URL, without trailing slashes', () => {
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://risk.example.com/' }).publicUrl).toBe('https://risk.example.com');
  });

  it('accepts an in-memory sqlite database', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('resolves another sqlite file to an absolute path', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:./tmp/other.db' }).database).toEqual({ kind: 'sqlite', file: resolve('./tmp/other.db') });
  });

  it.each(['postgres://monitor:secret@db.internal:5432/exposure', 'postgresql://db/exposure'])('accepts the postgres URL %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
  });

  it.each(['off', 'OFF', 'Off'])('turns scheduled evaluation off with EVALUATION_CRON=%s', (value) => {
    expect(loadConfig({ EVALUATION_CRON: value }).evaluationCron).toBeNull();
  });

  it('accepts a 6-field cron expression (with seconds)', () => {
    expect(loadConfig({ EVALUATION_CRON: '30 0 6 * * 1-5' }).evaluationCron).toBe('30 0 6 * * 1-5');
  });

  it('takes LOG_FORMAT and LOG_LEVEL whatever the terminal, in any case', () => {
    expect(loadConfig({ LOG_FORMAT: 'PRETTY', LOG_LEVEL: 'Debug' }, false).log).toEqual({ format: 'pretty', level: 'debug' });
    expect(loadConfig({ LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }, true).log).toEqual({ format: 'json', level: 'warn' });
  });

  it.each(['test-admin-key-0123456789abcdef0123456789', 'bench-admin-key-0123456789abcdef0123456789'])(
    'accepts the admin key %s',
    (key) => {
      expect(loadConfig({ ADMIN_API_KEY: key }).adminApiKey).toBe(key);
    },
  );

  it('accepts any key from openssl rand -hex 32 or -base64 32', () => {
    for (let i = 0; i < 1000; i++) {
      const bytes = randomBytes(32);
      for (const key of [bytes.toString('hex'), bytes.toString('base64')]) expect(loadConfig({ ADMIN_API_KEY: key }).adminApiKey).toBe(key);
    }
  });

  it('reads the other variables when they are valid', () => {
    const key = randomBytes(32).toString('hex');
    const config = loadConfig({
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      ALERT_FROM: 'alerts@example.com',
      ADMIN_API_KEY: key,
      OUTBOX_POLL_MS: '250',
      UPLOAD_MAX_MB: '2',
      WAIVER_MAX_DAYS: '30',
    });
    expect(config.smtpUrl).toBe('smtps://user:pass@mail.example.com:465');
    expect(config.alertFrom).toBe('alerts@example.com');
    expect(config.adminApiKey).toBe(key);
    expect(config.outboxPollMs).toBe(250);
    expect(config.uploadMaxBytes).toBe(2 * 1024 * 1024);
    expect(config.waiverMaxDays).toBe(30);
  });

  describe('refuses invalid values with one sentence naming the variable', () => {
    it.each<[string, Record<string, string>]>([
      ['PORT', { PORT: 'abc' }],
      ['PORT', { PORT: '70000' }],
      ['PORT', { PORT: '0' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
      ['DATABASE_URL', { DATABASE_URL: 'sqlite:' }],
      ['EVALUATION_CRON', { EVALUATION_CRON: '* * *' }],
      ['EVALUATION_CRON', { EVALUATION_CRON: '61 * * * *' }],
      ['SMTP_URL', { SMTP_URL: 'http://x' }],
      ['ALERT_FROM', { ALERT_FROM: 'nobody' }],
      ['ADMIN_API_KEY', { ADMIN_API_KEY: 'short' }],
      ['ADMIN_API_KEY', { ADMIN_API_KEY: 'a'.repeat(32) }],
      ['ADMIN_API_KEY', { ADMIN_API_KEY: 'abc123'.repeat(10) }],
      ['LOG_FORMAT', { LOG_FORMAT: 'xml' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
      ['OUTBOX_POLL_MS', { OUTBOX_POLL_MS: '0' }],
      ['PUBLIC_URL', { PUBLIC_URL: 'ftp://x' }],
      ['UPLOAD_MAX_MB', { UPLOAD_MAX_MB: '0' }],
      ['WAIVER_MAX_DAYS', { WAIVER_MAX_DAYS: '0' }],
      ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
      ['TRUST_PROXY', { TRUST_PROXY: 'proxy.internal' }],
    ])('%s in %j', (variable, env) => {
      expectOneSentenceAbout(configError(env).message, variable);
    });

    it('says a cron expression needs 5 or 6 fields', () => {
      const message = configError({ EVALUATION_CRON: '* * *' }).message;
      expect(message).toMatch(/5 or 6 fields/);
      expect(message).toMatch(/got 3/);
    });

    it('says what an admin key needs', () => {
      expect(configError({ ADMIN_API_KEY: 'a'.repeat(64) }).message).toBe(
        'Invalid configuration: ADMIN_API_KEY must be at least 32 characters long with at least 10 different characters (generate one with openssl rand -hex 32)',
      );
    });

    it('lists the log formats and levels', () => {
      expect(configError({ LOG_FORMAT: 'xml' }).message).toBe('Invalid configuration: LOG_FORMAT must be one of json, pretty (got "xml")');
      expect(configError({ LOG_LEVEL: 'verbose' }).message).toBe(
        'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace (got "verbose")',
      );
    });

    it('quotes the out-of-range port it got', () => {
      expect(configError({ PORT: '70000' }).message).toContain('"70000"');
    });

    it('passes on why the cron expression is invalid', () => {
      expect(configError({ EVALUATION_CRON: '61 * * * *' }).message).toMatch(
        /^Invalid configuration: EVALUATION_CRON is not a valid cron expression: .*61/,
      );
    });
  });
});
