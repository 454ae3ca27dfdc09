import { createFetchHttpClient, type HttpClient } from '../../src/platform/http.js';

/** The real HTTP client, restricted to loopback: any other host fails the test. */
export const loopbackHttp = (): HttpClient => createFetchHttpClient({ allowHosts: ['127.0.0.1', 'localhost'], defaultTimeoutMs: 5_000 });
