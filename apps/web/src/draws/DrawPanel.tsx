/**
 * A public commit–reveal draw on screen (issue 14 §2), for every draw of the platform: the timeline with
 * the commit close and reveal close counting down (server time), the platform share's commitment, who
 * committed and the hash, the values once revealed, the platform share and the result once drawn, and a
 * verification computed in this browser. `useAutoDraw` makes a participant's browser commit by itself
 * while commitments are open and reveal by itself after the commit close; nobody presses a button, and
 * the draw runs on the server at the reveal close.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Descriptions, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { userParticipant } from '@ebid/domain';
import { useApi } from '../api.ts';
import { useServerNow } from '../components/ServerClock.tsx';
import { type MessageKey, useLang, useT } from '../i18n.ts';
import { formatCountdown } from '../opening/model.ts';
import { ErrorBox, fmtTime, LIST_STYLE } from '../opening/ui.tsx';
import { commitmentOf, nextAction, phaseAt, storedValue, valueToCommit, verifyInBrowser, type BrowserCheck, type DrawView } from './draw-client.ts';

/** The parts of the browser's check of a draw, as the failure names them. */
const CHECK_PARTS: readonly ['platform' | 'reveals' | 'result', MessageKey][] = [
  ['platform', 'draws.panel.checkPart.platformShare'],
  ['reveals', 'draws.panel.checkPart.reveals'],
  ['result', 'draws.panel.checkPart.result'],
];

/** The participant's browser commits and reveals by itself; `onChanged` after each accepted step. */
export function useAutoDraw(draw: DrawView | null, userId: number | undefined, onChanged: () => void) {
  const api = useApi();
  const now = useServerNow();
  const tried = useRef(new Set<string>());
  const hasValue = draw && userId !== undefined ? storedValue(draw.id, userId) !== null : false;
  const action = draw && userId !== undefined ? nextAction(draw, now, hasValue) : null;
  const step = useMutation({
    mutationFn: async (a: 'commit' | 'reveal') => {
      if (!draw || userId === undefined) return;
      if (a === 'commit') {
        // Kept locally BEFORE the commitment leaves: a lost answer must not lose the value.
        const value = valueToCommit(draw.id, userId);
        await api.draw.commit.mutate({ drawId: draw.id, commitment: await commitmentOf(draw.id, userParticipant(userId), value) });
      } else {
        const value = storedValue(draw.id, userId);
        if (value) await api.draw.reveal.mutate({ drawId: draw.id, valueHex: value });
      }
    },
    onSuccess: onChanged,
  });
  const run = step.mutate;
  const drawId = draw?.id;
  useEffect(() => {
    if (!action || drawId === undefined) return;
    const key = `${drawId}:${action}`;
    if (tried.current.has(key)) return;
    tried.current.add(key);
    run(action);
  }, [action, drawId, run]);
  return { step, hasValue };
}

function Countdown({ label, iso, now }: { label: string; iso: string; now: number | undefined }) {
  const { lang } = useLang();
  const t = useT();
  const left = now === undefined ? null : Date.parse(iso) - now;
  return (
    <span>
      {label} {fmtTime(iso)}
      {left !== null && left > 0 && <Typography.Text type="warning"> （{t('draws.countdown.left')} {formatCountdown(left, lang)}）</Typography.Text>}
      {left !== null && left <= 0 && <Typography.Text type="secondary"> （{t('draws.countdown.closed')}）</Typography.Text>}
    </span>
  );
}

export function DrawPanel({
  draw,
  userId,
  renderOption,
  onChanged,
}: {
  draw: DrawView;
  userId: number | undefined;
  renderOption: (option: unknown, chosen: boolean) => ReactNode;
  onChanged: () => void;
}) {
  const t = useT();
  const now = useServerNow();
  const { step, hasValue } = useAutoDraw(draw, userId, onChanged);
  const [check, setCheck] = useState<BrowserCheck | null>(null);
  const drawnKey = draw.result ? `${draw.id}:${draw.result.index}:${draw.platformShare}:${draw.commitments.length}` : null;
  useEffect(() => {
    let live = true;
    if (!drawnKey) return;
    void verifyInBrowser(draw).then((c) => live && setCheck(c));
    return () => {
      live = false;
    };
    // `draw` keeps its identity while the record is unchanged (react-query's structural sharing), so this
    // runs again only when the drawn record or its key changes.
  }, [drawnKey, draw]);
  const phase = now === undefined ? draw.phase : phaseAt(draw, now);
  const phaseText: Record<string, MessageKey> = {
    commit: 'draws.panel.commitPhaseParticipants',
    reveal: 'draws.panel.revealPhaseParticipants',
    closed: 'draws.panel.revealsClosedPlatform',
    drawn: 'draws.panel.drawn2',
  };
  const mine = draw.commitments.find((c) => c.mine);
  const myState = !draw.me.mayContribute
    ? null
    : mine?.valueHex
      ? 'draws.panel.browserRevealedValue'
      : mine
        ? hasValue
          ? 'draws.panel.browserCommittedReveals'
          : 'draws.panel.committedButBrowser'
        : phase === 'commit'
          ? 'draws.panel.browserCommitsItself'
          : 'draws.panel.commitmentBeforeClose';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="draw-panel">
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'options',
            label: t('draws.panel.options'),
            children: <Space wrap>{draw.options.map((o, i) => <span key={i}>{renderOption(o, draw.result?.index === i)}</span>)}</Space>,
          },
          {
            key: 'timeline',
            label: t('draws.panel.timeline'),
            children: (
              <Space orientation="vertical" size={0} data-testid="draw-timeline">
                <Countdown label={t('draws.panel.commitClose')} iso={draw.commitCloseAt} now={now} />
                <Countdown label={t('draws.panel.revealCloseThen')} iso={draw.revealCloseAt} now={now} />
                <Typography.Text strong data-testid="draw-phase">{t(phaseText[phase]!)}</Typography.Text>
              </Space>
            ),
          },
          {
            key: 'platform',
            label: t('draws.panel.platformShareCommitment'),
            children: <span className="ebid-mono ebid-break">{draw.platformCommitment}</span>,
          },
          {
            key: 'commitments',
            label: t('draws.panel.commitments', { length: draw.commitments.length }),
            children: draw.commitments.length ? (
              <ul style={LIST_STYLE} data-testid="draw-commitments">
                {draw.commitments.map((c) => (
                  <li key={c.id} data-revealed={c.valueHex ? 'yes' : 'no'}>
                    {c.label}
                    {c.mine ? t('draws.panel.you') : ''} · {fmtTime(c.committedAt)} ·{' '}
                    <span className="ebid-mono" title={c.commitment}>
                      {c.commitment.slice(0, 16)}…
                    </span>{' '}
                    ·{' '}
                    {c.valueHex ? (
                      <span className="ebid-mono" title={c.valueHex}>
                        {t('draws.panel.revealed')}
                        {c.valueHex.slice(0, 16)}…
                      </span>
                    ) : draw.result ? (
                      <Typography.Text type="secondary">{t('draws.panel.revealedLeftOut')}</Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">{t('draws.panel.yetRevealed')}</Typography.Text>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            ),
          },
          ...(draw.result && draw.platformShare
            ? [
                { key: 'drawn', label: t('draws.panel.drawn'), children: fmtTime(draw.result.drawnAt) },
                { key: 'share', label: t('draws.panel.platformShareRevealed'), children: <span className="ebid-mono ebid-break">{draw.platformShare}</span> },
                {
                  key: 'verify',
                  label: t('draws.panel.checkedInBrowser'),
                  children: check ? (
                    <Typography.Text type={check.ok ? 'success' : 'danger'} data-testid="draw-verify">
                      {check.ok
                        ? t('draws.panel.platformShareMatches')
                        : t('draws.panel.checkFailed', {
                            parts: CHECK_PARTS.filter(([part]) => !check[part])
                              .map(([, key]) => t(key))
                              .join(t('common.listSeparator')),
                          })}
                    </Typography.Text>
                  ) : (
                    '…'
                  ),
                },
              ]
            : []),
        ]}
      />
      {myState && (
        <Typography.Paragraph type="secondary" className="ebid-small" data-testid="draw-me">
          {t(myState)}
        </Typography.Paragraph>
      )}
      {step.isError && <ErrorBox error={step.error} title={t('draws.panel.drawStepFailed')} />}
    </Space>
  );
}
