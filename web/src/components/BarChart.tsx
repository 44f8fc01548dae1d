// A bar chart drawn by uPlot (canvas): bars of one series by a numeric x (years, point deltas),
// optionally a line of a second series on its own axis. A table next to it carries the same
// numbers for screen readers; the canvas has a label.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface BarChartProps {
  label: string;
  x: number[];
  bars: { name: string; values: (number | null)[]; color: string; unit?: string };
  line?: { name: string; values: (number | null)[]; color: string; unit?: string; axis?: string };
  xName: string;
  height?: number;
  xFormat?: (v: number) => string;
  yRange?: [number, number];
}

export function BarChart(props: BarChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || props.x.length === 0) return;
    const fmt = props.xFormat ?? ((v: number) => String(v));
    const step = props.x.length > 1 ? Math.min(...props.x.slice(1).map((v, i) => v - props.x[i])) : 1;
    const series: uPlot.Series[] = [
      { label: props.xName, value: (_u, v) => (v === null ? '–' : fmt(v)) },
      {
        label: props.bars.name,
        scale: 'y',
        fill: `${props.bars.color}cc`,
        stroke: props.bars.color,
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.7, 48], align: 0 }),
        points: { show: false },
        value: (_u, v) => (v === null ? '–' : `${v}${props.bars.unit ?? ''}`),
      },
    ];
    const axes: uPlot.Axis[] = [
      { splits: () => props.x, values: (_u, vals) => vals.map((v) => fmt(v)), grid: { show: false }, label: props.xName },
      { scale: 'y', label: props.bars.name, grid: { stroke: '#e5e7eb', width: 1 } },
    ];
    const data: uPlot.AlignedData = [props.x, props.bars.values];
    if (props.line) {
      series.push({ label: props.line.name, scale: 'y2', stroke: props.line.color, width: 2, points: { show: true, size: 6, fill: props.line.color }, value: (_u, v) => (v === null ? '–' : `${v}${props.line!.unit ?? ''}`) });
      axes.push({ scale: 'y2', side: 1, label: props.line.axis ?? props.line.name, size: 44, grid: { show: false } });
      data.push(props.line.values);
    }
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: props.height ?? 220,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - step * 0.6, max + step * 0.6] },
        y: { range: props.yRange ? () => props.yRange! : (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        y2: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max) * 1.1] },
      },
      series,
      axes,
    };
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: opts.height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [JSON.stringify(props)]);
  return <div class="chart" ref={box} role="img" aria-label={props.label} />;
}
