import { describe, expect, it } from 'vitest';
import { ROLES } from '@ebid/domain';
import { MENU_ICONS } from './icons.tsx';
import {
  belongsToRole,
  findMenuItem,
  homePathFor,
  menuFor,
  MENUS,
  ROLE_SEGMENTS,
  roleForSegment,
  WORKSPACE_PREFIX,
} from './menus.ts';

describe('menu table', () => {
  it.each(ROLES.map((r) => [r]))('%s has menu items with labels, icons and paths in its workspace', (role) => {
    const items = MENUS[role];
    expect(items.length).toBeGreaterThan(0);
    const keys = new Set<string>();
    for (const item of items) {
      expect(item.label.zh.trim()).not.toBe('');
      expect(item.label.en.trim()).not.toBe('');
      expect(MENU_ICONS[item.icon]).toBeDefined();
      expect(item.path).toBe(`${WORKSPACE_PREFIX}/${ROLE_SEGMENTS[role]}/${item.key}`);
      expect(item.key).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(keys.has(item.key)).toBe(false);
      keys.add(item.key);
    }
  });

  it('has no menu for a role outside ROLES', () => {
    expect(Object.keys(MENUS).sort()).toEqual([...ROLES].sort());
  });

  it('gives every role its own URL segment', () => {
    const segments = ROLES.map((r) => ROLE_SEGMENTS[r]);
    expect(new Set(segments).size).toBe(ROLES.length);
    for (const r of ROLES) expect(roleForSegment(ROLE_SEGMENTS[r])).toBe(r);
    expect(roleForSegment('nobody')).toBeUndefined();
  });

  it.each([
    ['staff', '公告审核', '/workspace/staff/notices'],
    ['bidder', '我的证书', '/workspace/bidder/certificate'],
    ['expert', '今日评标', '/workspace/expert/sessions'],
    ['supervisor', '监管看板', '/workspace/supervisor/dashboard'],
  ] as const)('%s starts at %s', (role, label, path) => {
    expect(MENUS[role][0]?.label.zh).toBe(label);
    expect(homePathFor(role)).toBe(path);
  });

  it('finds the item of a page and of its sub-pages, within the role only', () => {
    expect(findMenuItem('staff', '/workspace/staff/opening')?.key).toBe('opening');
    expect(findMenuItem('staff', '/workspace/staff/opening/42')?.key).toBe('opening');
    expect(findMenuItem('staff', '/workspace/staff/openingx')).toBeUndefined();
    expect(findMenuItem('bidder', '/workspace/staff/opening')).toBeUndefined();
  });

  it('honours a sign-in "from" only inside the role\'s workspace', () => {
    expect(belongsToRole('bidder', '/workspace/bidder/bids')).toBe(true);
    expect(belongsToRole('bidder', '/workspace/staff/notices')).toBe(false);
    expect(belongsToRole('platform_admin', '/workspace/admin/audit')).toBe(true);
  });

  it('gives every role 我的证书, and the company-admin items only to company administrators', () => {
    for (const role of ROLES) expect(MENUS[role].some((i) => i.key === 'certificate'), role).toBe(true);
    const keys = (role: (typeof ROLES)[number], isOrgAdmin: boolean) => menuFor({ role, isOrgAdmin }).map((i) => i.key);
    for (const role of ['platform_admin', 'tenderee', 'agent', 'bidder'] as const) {
      expect(keys(role, true)).toContain('users');
      expect(keys(role, false)).not.toContain('users');
    }
    for (const role of ['staff', 'expert', 'supervisor'] as const) expect(keys(role, true)).not.toContain('users');
    expect(menuFor('bidder').map((i) => i.key)).not.toContain('users');
  });

  it('puts 机构审核 with the center and 审计日志 with the center and the supervisor', () => {
    const has = (key: string) => ROLES.filter((r) => MENUS[r].some((i) => i.key === key)).sort();
    expect(has('organizations')).toEqual(['platform_admin', 'staff']);
    expect(has('audit')).toEqual(['platform_admin', 'staff', 'supervisor']);
  });
});
