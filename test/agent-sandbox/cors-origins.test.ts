import { claimCorsEnv, corsSettings } from '../../lib/agent-sandbox/cors-origins';

describe('corsSettings: what the sandbox-server gets and what it puts on every claim', () => {
  test('web_url first, then the permitted origins in order, exact repeats dropped; the server env keeps the list as configured', () => {
    const settings = corsSettings('https://oh.example.com', ['https://a.example.com', 'https://oh.example.com', 'http://localhost:3000']);
    expect(settings.serverEnv).toEqual({
      OH_WEB_URL: 'https://oh.example.com',
      OH_PERMITTED_CORS_ORIGINS_0: 'https://a.example.com',
      OH_PERMITTED_CORS_ORIGINS_1: 'https://oh.example.com',
      OH_PERMITTED_CORS_ORIGINS_2: 'http://localhost:3000',
    });
    expect(settings.claimOrigins).toEqual(['https://oh.example.com', 'https://a.example.com', 'http://localhost:3000']);
    expect(claimCorsEnv(settings.claimOrigins)).toEqual({
      OH_ALLOW_CORS_ORIGINS_0: 'https://oh.example.com', OH_ALLOW_CORS_ORIGINS_1: 'https://a.example.com', OH_ALLOW_CORS_ORIGINS_2: 'http://localhost:3000',
    });
  });

  test('without web_url the permitted origins start at index 0; with neither, nothing', () => {
    expect(corsSettings(undefined, ['https://a.example.com'])).toEqual({ serverEnv: { OH_PERMITTED_CORS_ORIGINS_0: 'https://a.example.com' }, claimOrigins: ['https://a.example.com'] });
    expect(corsSettings(undefined, [])).toEqual({ serverEnv: {}, claimOrigins: [] });
  });
});
