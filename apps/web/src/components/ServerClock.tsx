import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, ExperimentOutlined, WarningOutlined } from '@ant-design/icons';
import { useApi } from '../api.ts';
import {
  bestSample,
  formatBeijing,
  msToNextSecond,
  PLATFORM_TIME_ZONE,
  REMEASURE_FAKE_MS,
  REMEASURE_MS,
  sampleFrom,
  serverNowFrom,
  type ClockSample,
} from '../clock.ts';
import { useT } from '../i18n.ts';

interface ClockContextValue {
  sample: ClockSample | undefined;
  failed: boolean;
  /** Server epoch now, or undefined before the first measurement. */
  now: () => number | undefined;
  remeasure: () => void;
}

const ClockContext = createContext<ClockContextValue>({
  sample: undefined,
  failed: false,
  now: () => undefined,
  remeasure: () => {},
});

const SAMPLES_PER_MEASUREMENT = 3;
/** antd's orange tag text is ~3.9:1 on its tint; this darker orange passes WCAG AA (≈ 6:1). */
const AA_ORANGE = { color: '#ad4e00' } as const;
const RETRY_MS = 10_000;
/** The live event a server with a movable test clock publishes when it is moved (services/system/fake-clock.ts). */
const CLOCK_MOVED_EVENT = 'clock.moved';

/**
 * Measures the server clock at load (best of a few round trips), again every few minutes and when the
 * tab becomes visible, and gives the server's "now" from the monotonic clock.
 */
export function ServerClockProvider({
  children,
  mono = () => performance.now(),
}: {
  children: ReactNode;
  /** The monotonic clock (injectable for tests). */
  mono?: () => number;
}) {
  const api = useApi();
  const [sample, setSample] = useState<ClockSample | undefined>();
  const [failed, setFailed] = useState(false);
  const [measureTick, setMeasureTick] = useState(0);
  const [monoClock] = useState(() => mono);
  const sampleRef = useRef<ClockSample | undefined>(undefined);

  const remeasure = useCallback(() => setMeasureTick((n) => n + 1), []);

  useEffect(() => {
    let cancelled = false;
    const ac = new AbortController();
    (async () => {
      const apply = (s: ClockSample) => {
        sampleRef.current = s;
        setSample(s);
        setFailed(false);
      };
      const samples: ClockSample[] = [];
      for (let i = 0; i < SAMPLES_PER_MEASUREMENT && !cancelled; i++) {
        const sent = monoClock();
        const server = await api.system.time.query(undefined, { signal: ac.signal });
        const s = sampleFrom(sent, monoClock(), server);
        samples.push(s);
        // Show the time as soon as there is one reading; the extra samples only refine it.
        if (!sampleRef.current && !cancelled) apply(s);
      }
      const best = bestSample(samples);
      if (!cancelled && best) apply(best);
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      ac.abort();
    };
  }, [api, measureTick, monoClock]);

  // Schedule the next measurement: sooner after a failure or when the server runs a movable test clock.
  useEffect(() => {
    const delay = failed ? RETRY_MS : sample?.fakeClock ? REMEASURE_FAKE_MS : REMEASURE_MS;
    const id = setTimeout(remeasure, delay);
    return () => clearTimeout(id);
  }, [sample, failed, remeasure]);

  // A server on a movable test clock announces each jump (`clock.moved` on the `system` topic):
  // re-measure at once, so forms waiting for a time enable themselves without a reload (issue 16 §4).
  const movable = sample?.fakeClock === true;
  useEffect(() => {
    if (!movable) return;
    const sub = api.live.events.subscribe(
      { topics: ['system'] },
      {
        onData: (msg) => {
          if (msg.data.type === CLOCK_MOVED_EVENT) remeasure();
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, movable, remeasure]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') remeasure();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [remeasure]);

  const now = useCallback(() => {
    const s = sampleRef.current;
    return s ? serverNowFrom(s, monoClock()) : undefined;
  }, [monoClock]);

  const value = useMemo(() => ({ sample, failed, now, remeasure }), [sample, failed, now, remeasure]);
  return <ClockContext.Provider value={value}>{children}</ClockContext.Provider>;
}

export function useServerClock(): ClockContextValue {
  return useContext(ClockContext);
}

/** The server's epoch, re-rendered on every whole server second. */
export function useServerNow(): number | undefined {
  const { now, sample } = useServerClock();
  const [value, setValue] = useState<number | undefined>(() => now());
  useEffect(() => {
    let id: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const v = now();
      setValue(v);
      id = setTimeout(tick, v === undefined ? 1000 : msToNextSecond(v) + 5);
    };
    tick();
    return () => clearTimeout(id);
  }, [now, sample]);
  return value;
}

/** Top-bar clock: "北京时间 HH:mm:ss", plus a tag when the server runs a test clock or accelerates. */
export function ServerClock() {
  const t = useT();
  const { sample, failed } = useServerClock();
  const now = useServerNow();
  const text = now === undefined ? '--:--:--' : formatBeijing(now);
  const tooltip = failed
    ? t('clock.error')
    : sample
      ? t('clock.tooltip', { zone: PLATFORM_TIME_ZONE, rtt: Math.round(sample.rttMs) })
      : t('clock.unknown');
  return (
    <Space size={6} className="ebid-clock">
      <Tooltip title={tooltip}>
        <Typography.Text
          className="ebid-clock-text"
          data-testid="server-clock"
          aria-live="off"
          aria-label={now === undefined ? tooltip : undefined}
          tabIndex={0}
        >
          <ClockCircleOutlined aria-hidden /> {t('clock.label')} <time dateTime={now === undefined ? undefined : new Date(now).toISOString()}>{text}</time>
          {failed && (
            <>
              {' '}
              <WarningOutlined aria-hidden /> <span className="ebid-visually-hidden">{t('clock.error')}</span>
            </>
          )}
        </Typography.Text>
      </Tooltip>
      {sample?.fakeClock && (
        <Tag icon={<ExperimentOutlined aria-hidden />} color="orange" style={AA_ORANGE} data-testid="clock-fake">
          {t('clock.fake')}
        </Tag>
      )}
      {sample && sample.acceleration > 1 && (
        <Tag color="orange" style={AA_ORANGE} data-testid="clock-accel">
          {t('clock.accel', { n: sample.acceleration })}
        </Tag>
      )}
    </Space>
  );
}
