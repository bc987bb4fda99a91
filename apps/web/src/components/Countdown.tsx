import { Typography } from 'antd';
import { useServerNow } from './ServerClock.tsx';
import { useT } from '../i18n.ts';

/** "距截止 d 天 HH:mm:ss" → 0, from the server clock the shell measures (never the browser's). */
export function formatRemaining(ms: number): { d: number; hms: string } {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { d, hms: `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}` };
}

export function Countdown({ deadline }: { deadline: string }) {
  const t = useT();
  const now = useServerNow();
  const end = Date.parse(deadline);
  if (now === undefined) return <Typography.Text type="secondary">{t('countdown.pending')}</Typography.Text>;
  if (now >= end) return <Typography.Text strong data-testid="countdown">{t('countdown.ended')}</Typography.Text>;
  return (
    <Typography.Text strong data-testid="countdown" className="ebid-mono">
      {t('countdown.remaining', formatRemaining(end - now))}
    </Typography.Text>
  );
}
