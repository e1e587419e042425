// The live pressure plot (uPlot): cuff pressure per cuff, the target and
// the target band shaded between its edges, over the last minute. Points
// arrive at about 25 a second; the plot redraws at most once per frame.

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const WINDOW_S = 60;

export class PressureChart {
  private plot: uPlot;
  private t: number[] = [];
  private cuff: number[] = [];
  private target: (number | null)[] = [];
  private low: (number | null)[] = [];
  private high: (number | null)[] = [];
  private pending = false;

  constructor(parent: HTMLElement, private windowS = WINDOW_S) {
    const width = Math.max(320, parent.clientWidth || 800);
    this.plot = new uPlot(
      {
        width,
        height: 300,
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(50, Math.ceil((max ?? 0) / 50) * 50)] } },
        axes: [{ label: "s" }, { label: "mmHg" }],
        series: [
          {},
          { label: "Cuff", stroke: "#0b5cad", width: 2 },
          { label: "Target", stroke: "#1d7a3a", width: 1, dash: [6, 4] },
          { label: "Band low", stroke: "rgba(29,122,58,0.3)", width: 1 },
          { label: "Band high", stroke: "rgba(29,122,58,0.3)", width: 1 },
        ],
        bands: [{ series: [4, 3], fill: "rgba(29,122,58,0.15)" }],
        legend: { live: false },
      },
      [[], [], [], [], []],
      parent,
    );
    new ResizeObserver(() => {
      const w = parent.clientWidth;
      if (w > 0) this.plot.setSize({ width: w, height: 300 });
    }).observe(parent);
  }

  add(t: number, cuff: number, band: [number, number] | null, target: number): void {
    this.t.push(t);
    this.cuff.push(cuff);
    this.target.push(target > 0 ? target : null);
    this.low.push(band ? band[0] : null);
    this.high.push(band ? band[1] : null);
    const from = t - this.windowS;
    let drop = 0;
    while (drop < this.t.length && this.t[drop] < from) drop++;
    if (drop > 0) {
      for (const a of [this.t, this.cuff, this.target, this.low, this.high]) a.splice(0, drop);
    }
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.t, this.cuff, this.target, this.low, this.high] as uPlot.AlignedData);
    });
  }

  points(): number {
    return this.t.length;
  }
}

// A whole stored trace, or a series over sessions.
export function staticChart(
  parent: HTMLElement,
  x: number[],
  series: { label: string; values: (number | null)[]; stroke: string; points?: boolean }[],
  options: { xLabel: string; yLabel: string; time?: boolean; height?: number },
): uPlot {
  return new uPlot(
    {
      width: Math.max(320, parent.clientWidth || 800),
      height: options.height ?? 240,
      // One point (a single LOP, one session): a day either side on a time
      // axis, 1 otherwise, instead of an empty range.
      scales: { x: { time: options.time ?? false, range: (_u, min, max) => (min === max ? [min - (options.time ? 86400 : 1), max + (options.time ? 86400 : 1)] : [min, max]) } },
      axes: [{ label: options.xLabel }, { label: options.yLabel }],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: 2,
          points: { show: s.points ?? false, size: 8 },
        })),
      ],
    },
    [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
    parent,
  );
}
