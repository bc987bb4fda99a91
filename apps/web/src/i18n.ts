/**
 * The web's words, Chinese first and English second (ux.md "Words" gives the English terms). Every
 * visible string comes from here, except proper names (people, organisations, the language names)
 * and the menu labels, which live beside their routes in menus.ts.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** What each language is called in itself: shown the same in both languages. */
export const LANG_NAMES: Record<Lang, string> = { zh: '中文', en: 'English' };
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
export const LANG_STORAGE_KEY = 'ebid.lang';

const zh = {
  'app.name': '公共资源交易平台',
  'app.skipToContent': '跳到主要内容',
  'clock.label': '北京时间',
  'clock.unknown': '正在校准服务器时间',
  'clock.fake': '测试时钟',
  'clock.accel': '加速 ×{n}',
  'clock.tooltip': '时间来自服务器（{zone}），页面加载时校准，每隔几分钟重新校准；往返耗时 {rtt} 毫秒。',
  'clock.error': '无法获取服务器时间',
  'lang.switch': '界面语言',
  'user.menu': '用户菜单',
  'user.org': '所属单位',
  'user.logout': '退出登录',
  'user.login': '登录',
  'user.workspace': '进入工作台',
  'user.role': '当前角色',
  'nav.home': '首页',
  'nav.workspace': '工作台',
  'nav.about': '系统状态',
  'nav.main': '主导航',
  'nav.breadcrumb': '当前位置',
  'portal.notices': '交易公告',
  'portal.notices.intro': '公开发布的招标、采购、出让和转让公告。',
  'portal.filter.tradeType': '交易类型',
  'portal.filter.all': '全部',
  'portal.filter.keyword': '关键词',
  'portal.filter.keywordPlaceholder': '项目名称或统一交易标识码',
  'portal.filter.date': '发布日期',
  'portal.filter.search': '查询',
  'trade.engineering': '工程建设',
  'trade.procurement': '政府采购',
  'trade.land': '土地使用权',
  'trade.property': '产权交易',
  'wip.status': '状态：建设中',
  'wip.title': '建设中',
  'wip.body': '“{section}”将在后续版本中提供。此页面目前不显示任何数据。',
  'wip.notices': '交易公告列表将在后续版本中接入，届时按上面的条件查询。当前没有显示任何数据。',
  'login.title': '登录',
  'login.subtitle': '使用平台账号登录工作台',
  'login.username': '用户名',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登录',
  'login.demo': '演示环境账号：{users}，密码均为 {password}',
  'login.failed': '登录失败',
  'error.code': '错误代码',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.unknown': '发生未知错误',
  'error.retry': '重试',
  'notFound.title': '页面不存在',
  'notFound.body': '您访问的地址不存在或已移动。',
  'notFound.back': '返回首页',
  'forbidden.title': '无权访问',
  'forbidden.body': '此页面不属于您当前的角色。',
  'about.title': '系统状态',
  'about.info': '服务信息',
  'about.name': '名称',
  'about.version': '版本',
  'about.mode': '运行模式',
  'about.mode.embedded': '内置（演示）',
  'about.mode.production': '生产',
  'about.database': '数据库',
  'about.objectStore': '对象存储',
  'about.instance': '实例',
  'about.serverTime': '服务器时间',
  'about.live': '实时事件（system 频道）',
  'about.live.intro': '通过服务器推送事件（SSE）接收，显示最近 {n} 条。',
  'about.live.empty': '尚未收到事件；连接已建立后，服务器的系统事件会出现在这里。',
  'about.live.type': '类型',
  'about.live.time': '时间（北京时间）',
  'about.live.id': '编号',
  'live.state.connecting': '连接中',
  'live.state.connected': '已连接',
  'live.state.reconnecting': '正在重连',
  'live.state.closed': '已断开',
  'footer.status': '{mode} · 数据库 {database} · 对象存储 {objectStore} · 实例 {instance}',
  'footer.details': '查看系统状态',
  'loading': '加载中',
} as const;

export type MessageKey = keyof typeof zh;
export type Dict = Record<MessageKey, string>;

const en: Dict = {
  'app.name': 'Public Resource Trading Platform',
  'app.skipToContent': 'Skip to main content',
  'clock.label': 'Beijing time',
  'clock.unknown': 'Synchronising with the server clock',
  'clock.fake': 'Test clock',
  'clock.accel': 'Accelerated ×{n}',
  'clock.tooltip': 'Time comes from the server ({zone}), measured at load and re-measured every few minutes; round trip {rtt} ms.',
  'clock.error': 'Cannot read the server time',
  'lang.switch': 'Interface language',
  'user.menu': 'User menu',
  'user.org': 'Organisation',
  'user.logout': 'Sign out',
  'user.login': 'Sign in',
  'user.workspace': 'Open workspace',
  'user.role': 'Current role',
  'nav.home': 'Home',
  'nav.workspace': 'Workspace',
  'nav.about': 'System status',
  'nav.main': 'Main navigation',
  'nav.breadcrumb': 'You are here',
  'portal.notices': 'Notices',
  'portal.notices.intro': 'Published notices for tenders, procurement, land and property transactions.',
  'portal.filter.tradeType': 'Trade type',
  'portal.filter.all': 'All',
  'portal.filter.keyword': 'Keyword',
  'portal.filter.keywordPlaceholder': 'Project name or unified deal code',
  'portal.filter.date': 'Published',
  'portal.filter.search': 'Search',
  'trade.engineering': 'Engineering',
  'trade.procurement': 'Procurement',
  'trade.land': 'Land',
  'trade.property': 'Property',
  'wip.status': 'Status: under construction',
  'wip.title': 'Under construction',
  'wip.body': '“{section}” arrives in a later release. This page shows no data yet.',
  'wip.notices': 'The notice list arrives in a later release and will be searched with the filters above. No data is shown yet.',
  'login.title': 'Sign in',
  'login.subtitle': 'Sign in to your workspace with your platform account',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.submit': 'Sign in',
  'login.demo': 'Demo accounts: {users}; the password of each is {password}',
  'login.failed': 'Sign-in failed',
  'error.code': 'Error code',
  'error.network': 'Cannot reach the server; check the network and retry',
  'error.unknown': 'An unknown error occurred',
  'error.retry': 'Retry',
  'notFound.title': 'Page not found',
  'notFound.body': 'This address does not exist or has moved.',
  'notFound.back': 'Back to home',
  'forbidden.title': 'Not allowed',
  'forbidden.body': 'This page does not belong to your current role.',
  'about.title': 'System status',
  'about.info': 'Service',
  'about.name': 'Name',
  'about.version': 'Version',
  'about.mode': 'Mode',
  'about.mode.embedded': 'Embedded (demo)',
  'about.mode.production': 'Production',
  'about.database': 'Database',
  'about.objectStore': 'Object store',
  'about.instance': 'Instance',
  'about.serverTime': 'Server time',
  'about.live': 'Live events (system topic)',
  'about.live.intro': 'Received as server-sent events (SSE); the last {n} are shown.',
  'about.live.empty': 'No event yet; once connected, the server’s system events appear here.',
  'about.live.type': 'Type',
  'about.live.time': 'Time (Beijing)',
  'about.live.id': 'ID',
  'live.state.connecting': 'Connecting',
  'live.state.connected': 'Connected',
  'live.state.reconnecting': 'Reconnecting',
  'live.state.closed': 'Disconnected',
  'footer.status': '{mode} · database {database} · object store {objectStore} · instance {instance}',
  'footer.details': 'System status',
  'loading': 'Loading',
};

export const DICTIONARIES: Record<Lang, Dict> = { zh, en };

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Picks the current language's side of a `{ zh, en }` pair (menu labels, role labels, error messages). */
export function pick(lang: Lang, pair: { zh: string; en: string }): string {
  return lang === 'zh' ? pair.zh : pair.en;
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

export function readStoredLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(v) ? v : 'zh';
  } catch {
    return 'zh';
  }
}

interface LangContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangContextValue>({ lang: 'zh', setLang: () => {} });

/** Holds the language, persists it in localStorage and mirrors it on `<html lang>`. */
export function LangProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? readStoredLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // private mode or storage disabled: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
    document.title = translate(lang, 'app.name');
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return createElement(LangContext.Provider, { value }, children);
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}

export type TFunction = (key: MessageKey, params?: Params) => string;

/** The translation function of the current language. */
export function useT(): TFunction {
  const { lang } = useLang();
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}
