import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';

const SERIES = [
  { label: 'Completed', stroke: '#1a7f37', key: 'completed' },
  { label: 'Failed', stroke: '#b42318', key: 'failed' },
  { label: 'In flight', stroke: '#1f5fbf', key: 'inProgress' },
  { label: 'Attempts', stroke: '#6e40c9', key: 'attempts', dash: [4, 4] },
];

/** Cumulative outcomes and calls in flight as the live updates arrive, drawn with uPlot. */
export function OutcomeChart({ points }) {
  const box = useRef(null);
  const plot = useRef(null);
  const data = () => [points.map((p) => p.t), ...SERIES.map((s) => points.map((p) => p[s.key]))];
  useEffect(() => {
    const width = Math.max(300, Math.min(900, box.current.clientWidth || 700));
    plot.current = new uPlot(
      {
        width,
        height: 240,
        scales: { x: { time: true } },
        series: [{}, ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, ...(s.dash ? { dash: s.dash } : {}) }))],
        axes: [{}, { label: 'calls' }],
      },
      data(),
      box.current,
    );
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => plot.current?.setData(data()), [points]);
  const last = points.at(-1);
  return html`<figure class="chart">
    <div ref=${box} role="img" aria-label=${last ? `Chart: ${last.completed} completed, ${last.failed} failed, ${last.inProgress} in flight, ${last.attempts} attempts` : 'Chart: no data yet'}></div>
    <figcaption>Since this page opened; updated live.</figcaption>
  </figure>`;
}
