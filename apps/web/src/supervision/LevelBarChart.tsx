/**
 * The dashboard's bar chart (issue 20 §3): yellow and red per category (a day, a trade type), drawn by
 * ECharts. This module is loaded lazily (React.lazy in DashboardPage.tsx), so ECharts is a chunk of its own
 * that only the dashboard fetches; the portal bundle does not grow.
 *
 * Why a 30-line wrapper and not echarts-for-react: the wrapper needs init, setOption, resize and dispose —
 * four calls — while echarts-for-react (3.0.x) adds two dependencies of its own (size-sensor,
 * fast-deep-equal) and imports the whole of ECharts unless one uses its `core` entry anyway. Here only the
 * bar series, the grid, the tooltip and the legend are registered, with the SVG renderer (crisp text,
 * no canvas in tests).
 *
 * The chart is a picture for the eye: it is `aria-hidden`, and its numbers are in a table beside it that
 * the page renders for screen readers (the text alternative, WCAG 1.1.1).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface LevelSeries {
  name: string;
  color: string;
  data: number[];
}

export interface LevelBarChartProps {
  categories: string[];
  series: LevelSeries[];
  /** Stack the series in one bar per category (the trend) or put them side by side. */
  stacked?: boolean;
  height?: number;
  testId?: string;
}

export default function LevelBarChart({ categories, series, stacked = false, height = 240, testId }: LevelBarChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(node);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 36, right: 12, top: 32, bottom: 28 },
        legend: { top: 0, data: series.map((s) => s.name) },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', minInterval: 1 },
        series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, itemStyle: { color: s.color }, barMaxWidth: 28, ...(stacked ? { stack: 'levels' } : {}) })),
      },
      true,
    );
  }, [categories, series, stacked]);

  return <div ref={el} aria-hidden style={{ width: '100%', height }} data-testid={testId} className="ebid-chart" />;
}
