import pino from 'pino';
import type { Config } from '@ebid/config';

/**
 * JSON logs (pino). Cookies, authorization headers and anything that looks like a secret are redacted;
 * request bodies are never logged (fastify logs method, URL, status and timing only).
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'instanceId'>) {
  return pino({
    level: config.logLevel,
    base: { instance: config.instanceId },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.secretKey',
        '*.passphrase',
        '*.privateKey',
      ],
      censor: '[redacted]',
    },
  });
}
