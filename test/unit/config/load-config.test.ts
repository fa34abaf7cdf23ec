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

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
