import { ConfigError, loadConfig } from '../../../src/config';

describe('loadConfig: operations settings', () => {
  it('has defaults that leave an Entra-paced sync alone and keep CORS and public metrics off', () => {
    const config = loadConfig({});
    expect(config.limits).toEqual({
      ratePerSecond: 100,
      burst: 200,
      requestTimeoutMs: 30000,
      authFailureBurst: 20,
      authFailureRefillSeconds: 5,
    });
    expect(config.metricsPublic).toBe(false);
    expect(config.corsOrigins).toEqual([]);
  });

  it('takes them from the environment', () => {
    const config = loadConfig({
      ROSTER_RATE_LIMIT_PER_SECOND: '0',
      ROSTER_RATE_LIMIT_BURST: '10',
      ROSTER_REQUEST_TIMEOUT_MS: '5000',
      ROSTER_AUTH_FAILURE_BURST: '0',
      ROSTER_AUTH_FAILURE_REFILL_SECONDS: '60',
      ROSTER_METRICS_PUBLIC: 'TRUE',
      ROSTER_CORS_ORIGINS: 'https://admin.example.com, http://localhost:5173',
    });
    expect(config.limits).toEqual({
      ratePerSecond: 0,
      burst: 10,
      requestTimeoutMs: 5000,
      authFailureBurst: 0,
      authFailureRefillSeconds: 60,
    });
    expect(config.metricsPublic).toBe(true);
    expect(config.corsOrigins).toEqual(['https://admin.example.com', 'http://localhost:5173']);
  });

  it.each([
    [{ ROSTER_RATE_LIMIT_PER_SECOND: '-1' }, /ROSTER_RATE_LIMIT_PER_SECOND must be a whole number from 0/],
    [{ ROSTER_RATE_LIMIT_BURST: '0' }, /ROSTER_RATE_LIMIT_BURST must be a whole number from 1/],
    [{ ROSTER_REQUEST_TIMEOUT_MS: '10' }, /ROSTER_REQUEST_TIMEOUT_MS must be a whole number from 100/],
    [{ ROSTER_METRICS_PUBLIC: 'yes' }, /ROSTER_METRICS_PUBLIC must be true or false \(got "yes"\)/],
    [
      { ROSTER_CORS_ORIGINS: '*' },
      /ROSTER_CORS_ORIGINS must be a comma-separated list of origins .* \(got "\*"\)/,
    ],
    [{ ROSTER_CORS_ORIGINS: 'https://a.example/path' }, /got "https:\/\/a.example\/path"/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
