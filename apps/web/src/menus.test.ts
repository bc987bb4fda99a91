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

  // Issue 19 §5: every page says what it is.
  it.each(ROLES.map((r) => [r]))('%s: each item has its own title and purpose line, in both languages', (role) => {
    const items = MENUS[role];
    for (const lang of ['zh', 'en'] as const) {
      expect(new Set(items.map((i) => i.label[lang])).size, `${role} ${lang} labels`).toBe(items.length);
      expect(new Set(items.map((i) => i.purpose[lang])).size, `${role} ${lang} purposes`).toBe(items.length);
      for (const i of items) {
        expect(i.purpose[lang].trim().length, `${i.key} ${lang}`).toBeGreaterThan(8);
        expect(i.purpose[lang], `${i.key} ${lang}: a purpose says more than the title`).not.toBe(i.label[lang]);
      }
    }
    for (const i of items) expect(i.purpose.en, `${i.key}: English purpose in English`).not.toMatch(/\p{Script=Han}/u);
    for (const i of items) expect(i.label.en, `${i.key}: English label in English`).not.toMatch(/\p{Script=Han}/u);
  });

  it('the owner side\'s per-topic items (时间安排, 招标文件, 澄清与修改, 异议答复, 资格条件) each say what to do with the chosen project', () => {
    const byKey = new Map(MENUS.tenderee.map((i) => [i.key, i]));
    expect(byKey.get('documents')?.purpose.zh).toBe('选择项目，上传、发布和管理招标文件');
    for (const key of ['schedule', 'documents', 'clarifications', 'objections', 'qualification']) {
      expect(byKey.get(key)?.purpose.zh, key).toMatch(/^选择项目，/);
      expect(byKey.get(key)?.purpose.en, key).toMatch(/^Choose a project to /);
    }
    expect(MENUS.agent).toEqual(MENUS.tenderee.map((i) => ({ ...i, path: i.path.replace('/tenderee/', '/agent/') })));
  });

  it('the evaluation (issue 22 §6): 评标管理 for the center, 评标监督 for the supervisor, 评标澄清 for the bidder (the path its notifications link to)', () => {
    const item = (role: 'staff' | 'supervisor' | 'bidder', key: string) => MENUS[role].find((i) => i.key === key);
    expect(item('staff', 'evaluations')?.label.zh).toBe('评标管理');
    expect(item('supervisor', 'evaluations')?.label.zh).toBe('评标监督');
    expect(item('bidder', 'clarification-requests')?.path).toBe('/workspace/bidder/clarification-requests');
    expect(item('bidder', 'clarification-requests')?.label.zh).toBe('评标澄清');
    expect(ROLES.filter((r) => MENUS[r].some((i) => i.key === 'evaluations')).sort()).toEqual(['staff', 'supervisor']);
  });

  it('the center\'s and the supervisor\'s project lists are named for them, not 交易项目', () => {
    const projects = (role: 'staff' | 'supervisor') => MENUS[role].find((i) => i.key === 'projects');
    expect(projects('staff')?.label).toEqual({ zh: '中心受理的项目', en: 'Center projects' });
    expect(projects('supervisor')?.label).toEqual({ zh: '监管项目', en: 'Supervised projects' });
  });

  // The sider is 256 px wide in English: about 21 characters of 14 px text fit beside the icon.
  it.each(ROLES.map((r) => [r]))('%s: every English menu text is short enough for the side menu (a longer label has a short form)', (role) => {
    for (const i of MENUS[role]) {
      const shown = i.short?.en ?? i.label.en;
      expect(shown.length, `${i.key}: "${shown}"`).toBeLessThanOrEqual(22);
      if (i.short) expect(i.short.en.length, i.key).toBeLessThan(i.label.en.length);
    }
  });
});

