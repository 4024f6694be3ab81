// A uPlot time-series chart sized to its container, with colours from the page's CSS so it
// follows light and dark mode.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export type ChartSeries = { label: string; values: (number | null)[]; color: string };

export function TimeChart(props: {
  title: string;
  times: number[];
  series: ChartSeries[];
  format: (value: number) => string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const plot = new uPlot(
      chartOptions(props, element.clientWidth),
      [props.times, ...props.series.map((series) => series.values)],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth, height: 200 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.times, props.series, props.format]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={container} class="chart-canvas" />
    </figure>
  );
}

// --- internal ---

function chartOptions(
  props: { series: ChartSeries[]; format: (value: number) => string },
  width: number,
): uPlot.Options {
  const style = getComputedStyle(document.documentElement);
  const axis = style.getPropertyValue("--chart-axis").trim() || "#666";
  const grid = style.getPropertyValue("--chart-grid").trim() || "#ddd";
  const axisStyle = {
    stroke: axis,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  };
  return {
    width: Math.max(width, 200),
    height: 200,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
    axes: [
      axisStyle,
      { ...axisStyle, size: 64, values: (_u, ticks) => ticks.map((tick) => props.format(tick)) },
    ],
    series: [
      {},
      ...props.series.map((series) => ({
        label: series.label,
        stroke: style.getPropertyValue(series.color).trim() || series.color,
        width: 2,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, value: number | null) => (value === null ? "–" : props.format(value)),
      })),
    ],
  };
}
