import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_CENTER } from '@ebid/config';
import { assertCenterPrintable, centerWithContact, documentIssuer, regionOfCreditCode } from './center.ts';

const JIANGCHENG = { platformName: '江城市公共资源交易平台', centerName: '江城市公共资源交易中心', regionCode: '420100', address: '江城市政务服务中心 5 楼', contact: '027-87654321' };

describe('the center identity (issue 15 §3)', () => {
  it('accepts identities the PDF font prints, and refuses one it cannot, naming the keys only', () => {
    expect(() => assertCenterPrintable(DEMO_CENTER)).not.toThrow();
    expect(() => assertCenterPrintable(JIANGCHENG)).not.toThrow();
    let err: unknown;
    try {
      assertCenterPrintable({ ...JIANGCHENG, centerName: '江城市公共资源交易中心🏛', contact: '☎ 027-87654321 📞' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).keys).toEqual(['CENTER_NAME', 'CENTER_CONTACT']);
    expect((err as ConfigError).message).not.toContain('江城市');
  });

  it('is the issuer of the PDFs and the contact of the notifications', () => {
    expect(documentIssuer(JIANGCHENG)).toEqual({ name: '江城市公共资源交易中心', address: '江城市政务服务中心 5 楼', contact: '027-87654321' });
    expect(centerWithContact(JIANGCHENG)).toBe('江城市公共资源交易中心（027-87654321）');
  });

  it.each([
    ['91420100MA0000301X', '420100'],
    ['12330100MB0000001X', '330100'],
    ['91100000MA0000301X', null], // registered at the national level: no region
    ['91990100MA0000301X', null], // no such province
    ['91000000MA0000301X', null],
  ])('the region of credit code %s is %s', (code, region) => {
    expect(regionOfCreditCode(code)).toBe(region);
  });
});
