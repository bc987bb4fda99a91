/**
 * A catalog text in both languages, for the few places that carry a `{ zh, en }` pair rather than the
 * current language's text: an AppError raised in the browser (AppErrorAlert shows the side of the
 * language in use when it renders) and KeysCard's title and notice.
 */
import { translate, type MessageKey, type Params } from '../i18n.ts';

export function bothLanguages(key: MessageKey, params?: Params): { zh: string; en: string } {
  return { zh: translate('zh', key, params), en: translate('en', key, params) };
}
