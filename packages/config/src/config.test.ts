import { describe, expect, it } from 'vitest';
import { centerFieldProblem, ConfigError, DEMO_CENTER, DEMO_DEPOSIT_ACCOUNT, loadConfig, SECRET_KEYS } from './index.ts';

const prod = {
  NODE_ENV: 'production',
  PKI_DIR: '/etc/ebid/pki',
  DATABASE_URL: 'postgres://u:pw@db:5432/ebid',
  S3_ENDPOINT: 'https://minio.example:9000',
  S3_ACCESS_KEY: 'ak',
  S3_SECRET_KEY: 'sk-secret',
  S3_BUCKET: 'ebid-prod',
  PLATFORM_NAME: '江城市公共资源交易平台',
  CENTER_NAME: '江城市公共资源交易中心',
  CENTER_REGION_CODE: '420100',
  CENTER_ADDRESS: '江城市政务服务中心 5 楼',
  CENTER_CONTACT: '027-87654321',
  CENTER_DEPOSIT_BANK: '江城银行江城市分行营业部',
  CENTER_DEPOSIT_ACCOUNT_NAME: '江城市公共资源交易中心',
  CENTER_DEPOSIT_ACCOUNT_NO: '4201-0000-8888-0001',
  NTP_SERVERS: 'ntp.ntsc.ac.cn',
};

function errorKeys(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { cwd: '/srv' });
  } catch (e) {
    if (e instanceof ConfigError) return e.keys;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('with no environment: embedded mode, PGlite and fs under .data, port 3000, demo data', () => {
    const c = loadConfig({}, { cwd: '/srv/ebid' });
    expect(c).toMatchObject({
      mode: 'embedded',
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/ebid/.data',
      database: { driver: 'pglite', dir: '/srv/ebid/.data/pg' },
      storage: { driver: 'fs', root: '/srv/ebid/.data/objects' },
      seedDemo: true,
      testing: { fakeClock: false, acceleration: 1 },
    });
  });

  it('PORT and DATA_DIR move the server and the data', () => {
    const c = loadConfig({ PORT: '8080', DATA_DIR: '/var/lib/ebid' }, { cwd: '/srv' });
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ driver: 'pglite', dir: '/var/lib/ebid/pg' });
    expect(c.storage).toEqual({ driver: 'fs', root: '/var/lib/ebid/objects' });
  });

  it('production with every key: postgres and s3, no demo, listens on all interfaces', () => {
    const c = loadConfig(prod);
    expect(c).toMatchObject({
      mode: 'production',
      host: '0.0.0.0',
      database: { driver: 'postgres', url: prod.DATABASE_URL },
      storage: { driver: 's3', bucket: 'ebid-prod', endPoint: prod.S3_ENDPOINT },
      seedDemo: false,
    });
  });

  it('empty strings count as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.driver).toBe('pglite');
  });

  it.each([
    [
      'production, nothing set',
      ['DATABASE_URL', 'PKI_DIR', 'NTP_SERVERS', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET', 'PLATFORM_NAME', 'CENTER_NAME', 'CENTER_REGION_CODE', 'CENTER_ADDRESS', 'CENTER_CONTACT', 'CENTER_DEPOSIT_BANK', 'CENTER_DEPOSIT_ACCOUNT_NAME', 'CENTER_DEPOSIT_ACCOUNT_NO'],
      { NODE_ENV: 'production' },
    ],
    ['production, no bucket', ['S3_BUCKET'], { ...prod, S3_BUCKET: '' }],
    ['production without a time source (T3, issue 20 §5)', ['NTP_SERVERS'], { ...prod, NTP_SERVERS: '' }],
    ['a mysql URL', ['DATABASE_URL'], { ...prod, DATABASE_URL: 'mysql://x@y/z' }],
    ['an endpoint that is not a URL', ['S3_ENDPOINT'], { ...prod, S3_ENDPOINT: 'minio:9000' }],
    ['an invalid bucket name', ['S3_BUCKET'], { ...prod, S3_BUCKET: 'Bad_Bucket' }],
    ['PORT not a number', ['PORT'], { PORT: 'eighty' }],
    ['PORT too large', ['PORT'], { PORT: '65536' }],
    ['NODE_ENV unknown', ['NODE_ENV'], { NODE_ENV: 'staging' }],
    ['half the S3 keys outside production', ['S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'], { S3_ENDPOINT: 'http://127.0.0.1:9000' }],
    ['fake clock in production', ['EBID_FAKE_CLOCK'], { ...prod, EBID_FAKE_CLOCK: '1' }],
    ['acceleration in production', ['EBID_ACCELERATION'], { ...prod, EBID_ACCELERATION: '60' }],
    ['demo data in production', ['SEED_DEMO'], { ...prod, SEED_DEMO: 'true' }],
    ['acceleration below 1', ['EBID_ACCELERATION'], { EBID_ACCELERATION: '0.5' }],
    ['fake clock start without the fake clock', ['EBID_FAKE_CLOCK_START'], { EBID_FAKE_CLOCK_START: '2026-03-01T09:00:00+08:00' }],
    ['fake clock start not a date', ['EBID_FAKE_CLOCK_START'], { EBID_FAKE_CLOCK: '1', EBID_FAKE_CLOCK_START: 'tomorrow' }],
    ['body limit too small', ['BODY_LIMIT_BYTES'], { BODY_LIMIT_BYTES: '10' }],
  ])('%s → names %j', (_name, keys, env) => {
    expect(errorKeys(env as Record<string, string>).sort()).toEqual([...keys].sort());
  });

  it('the error message names keys and never values', () => {
    try {
      loadConfig({ ...prod, DATABASE_URL: 'mysql://root:VerySecret@db/x', S3_SECRET_KEY: 'AlsoSecret', EBID_FAKE_CLOCK: '1' });
      expect.unreachable();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('EBID_FAKE_CLOCK');
      expect(msg).not.toContain('VerySecret');
      expect(msg).not.toContain('AlsoSecret');
    }
  });

  it('test switches work outside production', () => {
    const c = loadConfig({ EBID_FAKE_CLOCK: '1', EBID_FAKE_CLOCK_START: '2026-03-01T09:00:00+08:00', EBID_ACCELERATION: '1440' });
    expect(c.testing).toEqual({ fakeClock: true, fakeClockStart: '2026-03-01T09:00:00+08:00', acceleration: 1440 });
  });

  it('TRUSTED_PROXIES: empty by default (trust nobody); IPs and CIDR ranges, spaces ignored', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.1, 192.168.0.0/16 ,::1, fd00::/8' }).trustedProxies).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8']);
  });

  it.each([['loopback'], ['10.0.0.0/33'], ['10.0.0.300'], ['10.0.0.0/8/1'], ['fd00::/129'], ['10.0.0.0/255.0.0.0'], ['*']])(
    'TRUSTED_PROXIES=%s is refused with a typed CONFIG_INVALID error naming the key',
    (v) => {
      try {
        loadConfig({ TRUSTED_PROXIES: `127.0.0.1,${v}` });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).code).toBe('CONFIG_INVALID');
        expect((e as ConfigError).keys).toEqual(['TRUSTED_PROXIES']);
      }
    },
  );

  it('NTP_*: no servers by default (unmonitored, issue 20 §5); host, host:port and [ipv6]:port; T3 limit default 2 s', () => {
    expect(loadConfig({}).timeSource).toEqual({ servers: [], pollMs: 64_000, maxOffsetMs: 2000, timeoutMs: 2000, stalePolls: 3 });
    expect(loadConfig({ NTP_SERVERS: ' ntp.ntsc.ac.cn, 127.0.0.1:12300 ,[::1]:1230, ::1', NTP_MAX_OFFSET_MS: '5000', NTP_POLL_MS: '1000' }).timeSource).toMatchObject({
      servers: [
        { host: 'ntp.ntsc.ac.cn', port: 123 },
        { host: '127.0.0.1', port: 12300 },
        { host: '::1', port: 1230 },
        { host: '::1', port: 123 },
      ],
      maxOffsetMs: 5000,
      pollMs: 1000,
    });
  });

  it.each([
    ['NTP_SERVERS', 'ntp.example.com:0'],
    ['NTP_SERVERS', 'ntp.example.com:70000'],
    ['NTP_SERVERS', 'udp://ntp.example.com'],
    ['NTP_SERVERS', '[ntp.example.com]:123'],
    ['NTP_SERVERS', '-bad-.example'],
    ['NTP_MAX_OFFSET_MS', '1000'],
    ['NTP_POLL_MS', '10'],
    ['NTP_STALE_POLLS', '0'],
  ])('%s=%s is refused with CONFIG_INVALID naming the key', (key, v) => {
    try {
      loadConfig({ [key]: v });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).keys).toEqual([key]);
    }
  });

  it('DRAW_SECRET_FILE: <PKI_DIR>/draw-secret by default, created only outside production (issue 14 §2)', () => {
    expect(loadConfig({}, { cwd: '/srv/ebid' }).draws).toEqual({ secretFile: '/srv/ebid/.data/pki/draw-secret', createIfMissing: true });
    expect(loadConfig(prod).draws).toEqual({ secretFile: '/etc/ebid/pki/draw-secret', createIfMissing: false });
    expect(loadConfig({ ...prod, DRAW_SECRET_FILE: '/run/secrets/draw' }).draws.secretFile).toBe('/run/secrets/draw');
  });

  it('UPLOAD_IDLE_TIMEOUT_MS: 30 s by default, 100 ms to 10 min', () => {
    expect(loadConfig({}).uploadIdleTimeoutMs).toBe(30_000);
    expect(loadConfig({ UPLOAD_IDLE_TIMEOUT_MS: '500' }).uploadIdleTimeoutMs).toBe(500);
    expect(errorKeys({ UPLOAD_IDLE_TIMEOUT_MS: '50' })).toEqual(['UPLOAD_IDLE_TIMEOUT_MS']);
    expect(errorKeys({ UPLOAD_IDLE_TIMEOUT_MS: 'soon' })).toEqual(['UPLOAD_IDLE_TIMEOUT_MS']);
  });

  it('CHECKPOINT_WARN_MINUTES: the declared windows by default; per-kind overrides in minutes; unknown kinds and bad values refused (issue 20 §1)', () => {
    expect(loadConfig({}).checkpoints).toEqual({ warnMinutes: {} });
    expect(loadConfig({ CHECKPOINT_WARN_MINUTES: '{"objection.answer": 720, "opening.start": 5}' }).checkpoints.warnMinutes).toEqual({ 'objection.answer': 720, 'opening.start': 5 });
    for (const v of ['{oops', '[]', '{"objection.anwser": 60}', '{"objection.answer": -5}', '{"objection.answer": "60"}']) {
      expect(errorKeys({ CHECKPOINT_WARN_MINUTES: v }), v).toEqual(['CHECKPOINT_WARN_MINUTES']);
    }
  });

  describe('the center identity (issue 15 §3)', () => {
    it('demo values outside production; the configured ones in production', () => {
      expect(loadConfig({}).center).toEqual(DEMO_CENTER);
      expect(loadConfig(prod).center).toEqual({
        platformName: '江城市公共资源交易平台',
        centerName: '江城市公共资源交易中心',
        regionCode: '420100',
        address: '江城市政务服务中心 5 楼',
        contact: '027-87654321',
      });
      expect(loadConfig({ CENTER_NAME: '某某市公共资源交易中心' }).center.centerName).toBe('某某市公共资源交易中心');
    });

    it('production requires every identity key, named', () => {
      const { PLATFORM_NAME: _a, CENTER_NAME: _b, CENTER_REGION_CODE: _c, CENTER_ADDRESS: _d, CENTER_CONTACT: _e, ...rest } = prod;
      expect(errorKeys(rest).sort()).toEqual(['CENTER_ADDRESS', 'CENTER_CONTACT', 'CENTER_NAME', 'CENTER_REGION_CODE', 'PLATFORM_NAME']);
    });

    it.each([
      ['CENTER_REGION_CODE', '42010'],
      ['CENTER_REGION_CODE', '4201000'],
      ['CENTER_REGION_CODE', '990100'],
      ['CENTER_REGION_CODE', '00a100'],
      ['CENTER_NAME', '中心'],
      ['CENTER_NAME', '江城市公共资源交易中心\u202e'],
      ['CENTER_NAME', ' 江城市公共资源交易中心'],
      ['CENTER_NAME', '江'.repeat(61)],
      ['PLATFORM_NAME', '江城\u0000市平台'],
      ['CENTER_NAME', '江城市公共资源\u200b交易中心'],
      ['CENTER_ADDRESS', '江城市政务服务中心\ufeff5 楼'],
      ['CENTER_ADDRESS', '江城'],
      ['CENTER_CONTACT', '1'],
    ])('%s=%j is refused, naming the key', (key, value) => {
      expect(errorKeys({ ...prod, [key]: value })).toEqual([key]);
      expect(errorKeys({ [key]: value })).toEqual([key]);
    });

    it.each([['110000'], ['330100'], ['820000'], ['654321']])('CENTER_REGION_CODE=%s is accepted', (code) => {
      expect(centerFieldProblem('regionCode', code)).toBeNull();
    });
  });

  describe("the center's securities account (issue 16 §5)", () => {
    it('demo values outside production; the configured ones in production; all three required there, named', () => {
      expect(loadConfig({}).depositAccount).toEqual(DEMO_DEPOSIT_ACCOUNT);
      expect(loadConfig(prod).depositAccount).toEqual({ bank: '江城银行江城市分行营业部', accountName: '江城市公共资源交易中心', accountNo: '4201-0000-8888-0001' });
      const { CENTER_DEPOSIT_BANK: _a, CENTER_DEPOSIT_ACCOUNT_NAME: _b, CENTER_DEPOSIT_ACCOUNT_NO: _c, ...rest } = prod;
      expect(errorKeys(rest).sort()).toEqual(['CENTER_DEPOSIT_ACCOUNT_NAME', 'CENTER_DEPOSIT_ACCOUNT_NO', 'CENTER_DEPOSIT_BANK']);
    });

    it.each([
      ['CENTER_DEPOSIT_ACCOUNT_NO', '12345'],
      ['CENTER_DEPOSIT_ACCOUNT_NO', '4201-0000-8888-000X'],
      ['CENTER_DEPOSIT_ACCOUNT_NO', '-42010000888800'],
      ['CENTER_DEPOSIT_ACCOUNT_NO', '4'.repeat(41)],
      ['CENTER_DEPOSIT_BANK', '银行'],
      ['CENTER_DEPOSIT_BANK', '江城银行\u200b营业部'],
      ['CENTER_DEPOSIT_ACCOUNT_NAME', ' 江城市公共资源交易中心'],
    ])('%s=%j is refused, naming the key', (key, value) => {
      expect(errorKeys({ ...prod, [key]: value })).toEqual([key]);
      expect(errorKeys({ [key]: value })).toEqual([key]);
    });

    it.each([['420100008888'], ['4201 0000 8888 0001'], ['4'.repeat(40)]])('CENTER_DEPOSIT_ACCOUNT_NO=%s is accepted', (no) => {
      expect(loadConfig({ CENTER_DEPOSIT_ACCOUNT_NO: no }).depositAccount.accountNo).toBe(no);
    });
  });

  describe("the center's CA by configuration (issue 15 §2)", () => {
    it('none by default: the CA in PKI_DIR; 30 days of expiry warning', () => {
      expect(loadConfig(prod).pki).toMatchObject({ ca: null, expiryWarningDays: 30, createIfMissing: false });
    });

    it('a PEM certificate with its key, chain and a passphrase file, resolved from the working directory', () => {
      const c = loadConfig({ ...prod, PKI_CA_CERT: 'pki/ca.crt', PKI_CA_KEY: 'pki/ca.key', PKI_CA_CHAIN: 'pki/chain.pem', PKI_CA_PASSPHRASE_FILE: '/run/secrets/ca' }, { cwd: '/srv' });
      expect(c.pki.ca).toEqual({ certFile: '/srv/pki/ca.crt', keyFile: '/srv/pki/ca.key', chainFile: '/srv/pki/chain.pem', passphrase: { from: 'file', file: '/run/secrets/ca' } });
    });

    it('a .p12 with its passphrase from the environment', () => {
      const c = loadConfig({ ...prod, PKI_CA_CERT: '/etc/ebid/ca.p12', PKI_CA_PASSPHRASE: 'CaPassphrase9' });
      expect(c.pki.ca).toEqual({ certFile: '/etc/ebid/ca.p12', keyFile: null, chainFile: null, passphrase: { from: 'env', value: 'CaPassphrase9' } });
    });

    it.each([
      ['a PEM certificate without its key', { PKI_CA_CERT: 'ca.crt' }, ['PKI_CA_KEY']],
      ['a .p12 without a passphrase', { PKI_CA_CERT: 'ca.p12' }, ['PKI_CA_PASSPHRASE']],
      ['a .p12 with a separate key', { PKI_CA_CERT: 'ca.p12', PKI_CA_KEY: 'ca.key', PKI_CA_PASSPHRASE: 'x' }, ['PKI_CA_KEY']],
      ['the passphrase twice', { PKI_CA_CERT: 'ca.p12', PKI_CA_PASSPHRASE: 'x', PKI_CA_PASSPHRASE_FILE: 'f' }, ['PKI_CA_PASSPHRASE_FILE']],
      ['a key without a certificate', { PKI_CA_KEY: 'ca.key', PKI_CA_CHAIN: 'c.pem' }, ['PKI_CA_KEY', 'PKI_CA_CHAIN']],
      ['a warning period out of range', { PKI_EXPIRY_WARNING_DAYS: '0' }, ['PKI_EXPIRY_WARNING_DAYS']],
    ])('%s is refused, naming the key', (_name, env, keys) => {
      expect(errorKeys({ ...prod, ...env }).sort()).toEqual(keys.sort());
    });

    it('the passphrase is a secret key (never logged)', () => {
      expect(SECRET_KEYS).toContain('PKI_CA_PASSPHRASE');
    });
  });
});
