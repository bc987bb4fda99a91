/**
 * What the integration tests need from the environment. `npm test` (scripts/test.sh) starts a throwaway
 * PostgreSQL cluster and s3rver and sets these; a missing value fails loudly, never skips.
 */
export interface TestEnv {
  /** Admin URL of the test PostgreSQL cluster (a database that may create databases). */
  databaseUrl: string;
  s3: { endPoint: string; accessKey: string; secretKey: string };
}

export function testEnv(): TestEnv {
  const e = process.env;
  const missing = ['DATABASE_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'].filter((k) => !e[k]);
  if (missing.length) {
    throw new Error(
      `Integration tests need ${missing.join(', ')}: run them with \`npm test\`, which starts PostgreSQL and the S3 server.`,
    );
  }
  return {
    databaseUrl: e.DATABASE_URL as string,
    s3: { endPoint: e.S3_ENDPOINT as string, accessKey: e.S3_ACCESS_KEY as string, secretKey: e.S3_SECRET_KEY as string },
  };
}

/** The same URL pointing at another database on the same cluster. */
export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = '/' + dbName;
  return u.toString();
}

/**
 * A center's identity as an operator configures it in production (issue 15 §3) — deliberately not the
 * demo's, so a test can tell configured names from built-in ones.
 */
/**
 * NTP_SERVERS for a production process that never polls (the CLI reads the configuration only): production
 * requires the setting (T3). A production SERVER in a test measures against a loopback responder instead
 * (ntp-responder.ts `startNtpResponder`).
 */
export const PRODUCTION_CLI_NTP_ENV = { NTP_SERVERS: 'ntp.ntsc.ac.cn' } as const;

export const PRODUCTION_CENTER_ENV = {
  PLATFORM_NAME: '江城市公共资源交易平台',
  CENTER_NAME: '江城市公共资源交易中心',
  CENTER_REGION_CODE: '420100',
  CENTER_ADDRESS: '江城市政务服务中心 5 楼',
  CENTER_CONTACT: '027-87654321',
  CENTER_DEPOSIT_BANK: '江城银行江城市分行营业部',
  CENTER_DEPOSIT_ACCOUNT_NAME: '江城市公共资源交易中心',
  CENTER_DEPOSIT_ACCOUNT_NO: '4201-0000-8888-0001',
} as const;
