import { describe, expect, it } from 'vitest';
import { foldOrganizationName, reservedNameTaken, type PlatformIdentity } from './platform-identity.ts';

/** A test identity (the configured one in the running platform; @ebid/domain takes it as a parameter). */
const IDENTITY: PlatformIdentity = { platformName: '示范市公共资源交易平台', centerName: '示范市公共资源交易中心' };
const { platformName, centerName } = IDENTITY;

describe('reserved organization names (issue 14 §3)', () => {
  it.each<[string, string, string | null]>([
    ['the platform’s name', '示范市公共资源交易平台', platformName],
    ['the center’s name', '示范市公共资源交易中心', centerName],
    ['with spaces', '示范市 公共资源 交易平台', platformName],
    ['with an ideographic space and a middle dot', '示范市　公共资源·交易中心', centerName],
    ['with full-width brackets around a suffix', '示范市公共资源交易中心（分中心）', centerName],
    ['with a company suffix', '示范市公共资源交易平台有限公司', platformName],
    ['with a prefix', '新示范市公共资源交易中心', centerName],
    ['with punctuation inside', '示范市公共资源·交易-平台', platformName],
    ['with a zero-width space', '示范市公共资源\u200b交易平台', platformName],
    ['with a tab', '示范市公共资源\t交易中心', centerName],
    ['an ordinary company', '华东建工集团有限公司', null],
    ['another city’s center', '邻市公共资源交易中心', null],
    ['a part of the name only', '示范市公共资源', null],
    ['empty', '', null],
  ])('%s: %s → %s', (_what, name, expected) => {
    expect(reservedNameTaken(name, IDENTITY)).toBe(expected);
  });

  it.each([
    ['Ｅｂｉｄ　Ｃｏ．', 'ebidco'],
    ['ＡＢＣ（１２３）', 'abc123'],
    ['示范 · 公司', '示范公司'],
  ])('folds %s to %s', (name, folded) => {
    expect(foldOrganizationName(name)).toBe(folded);
  });

  it('reserves the identity it is given, not a built-in one', () => {
    const other: PlatformIdentity = { platformName: '江城市公共资源交易平台', centerName: '江城市公共资源交易中心' };
    expect(reservedNameTaken('江城市 公共资源交易中心（分中心）', other)).toBe('江城市公共资源交易中心');
    expect(reservedNameTaken('示范市公共资源交易中心', other)).toBeNull();
  });

  it('a full-width Latin platform name is reserved like its ASCII form', () => {
    expect(reservedNameTaken('ＡＣＭＥ Ｐｌａｔｆｏｒｍ', { platformName: 'ACME Platform', centerName: 'ACME Center' })).toBe('ACME Platform');
  });
});
