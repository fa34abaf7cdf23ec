import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';

describe('loadConfig', () => {
  it('uses config/defaults.json when the environment is empty', () => {
    const config = loadConfig({}, '/srv/roster');
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      mongodbUri: undefined,
      databaseName: 'roster',
      dataDir: path.resolve('/srv/roster/data'),
      logLevel: 'info',
      bootstrapToken: undefined,
    });
  });

  it('takes every contract variable from the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db.internal:27017/people?replicaSet=rs0',
      ROSTER_DATA_DIR: '/var/lib/roster',
      ROSTER_BOOTSTRAP_TOKEN: 'bootstrap-token-0123456789',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      mongodbUri: 'mongodb://db.internal:27017/people?replicaSet=rs0',
      databaseName: 'people',
      dataDir: '/var/lib/roster',
      bootstrapToken: 'bootstrap-token-0123456789',
      logLevel: 'debug',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ HOST: 'bad host' }, 'HOST must be an IP address or host name'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI must be a MongoDB connection string'],
    [{ ROSTER_BOOTSTRAP_TOKEN: 'short' }, 'ROSTER_BOOTSTRAP_TOKEN must be 16 to 512 printable ASCII'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('ROSTER_PUBLIC_URL: kept without a trailing slash; sessions default to 30 min idle, 12 h absolute', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ ROSTER_PUBLIC_URL: 'https://roster.example.com/' }).publicUrl).toBe(
      'https://roster.example.com',
    );
    expect(loadConfig({ ROSTER_PUBLIC_URL: 'https://example.com/roster/' }).publicUrl).toBe(
      'https://example.com/roster',
    );
    expect(loadConfig({}).sessions).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
    expect(
      loadConfig({ ROSTER_SESSION_IDLE_MINUTES: '5', ROSTER_SESSION_ABSOLUTE_HOURS: '2' }).sessions,
    ).toEqual({ idleMs: 5 * 60_000, absoluteMs: 2 * 3_600_000 });
  });

  it.each(['roster.example.com', 'ftp://x.com', 'https://x.com/?a=1', 'https://user@x.com'])(
    'refuses ROSTER_PUBLIC_URL %s',
    (value) => {
      expect(() => loadConfig({ ROSTER_PUBLIC_URL: value })).toThrow(
        'ROSTER_PUBLIC_URL must be the external base URL',
      );
    },
  );

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
