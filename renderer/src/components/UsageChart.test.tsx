// @vitest-environment happy-dom
/** The usage chart in a DOM: stacked pieces pile up, pairs stand side by side, and every bar says what it is. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageChart, type ChartSeries } from './UsageChart';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
afterEach(() => container.remove());

function render(series: ChartSeries[], note?: string): HTMLDivElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <UsageChart
        title="Tokens over time"
        summary="2 time buckets"
        labels={['Mon', 'Tue']}
        series={series}
        format={(value) => `${value} t`}
        {...(note === undefined ? {} : { note })}
      />,
    ),
  );
  return container;
}

/** Each bar's geometry and title, in document order. */
function bars(view: HTMLElement) {
  return [...view.querySelectorAll('svg[role="img"] rect')].map((rect) => ({
    className: rect.getAttribute('class'),
    x: Number(rect.getAttribute('x')),
    y: Number(rect.getAttribute('y')),
    height: Number(rect.getAttribute('height')),
    title: rect.querySelector('title')?.textContent,
  }));
}

const legend = (view: HTMLElement) =>
  [...view.querySelectorAll('.chart__key')].map((key) => key.textContent);

describe('UsageChart', () => {
  it('piles stacked series into one bar per bucket, skipping empty pieces', () => {
    const view = render([
      { name: 'oa', className: 'bar bar--group-1', stack: 'tokens', values: [30, 0] },
      { name: 'an', className: 'bar bar--group-2', stack: 'tokens', values: [10, 40] },
      { name: 'Other', className: 'bar bar--other', stack: 'tokens', values: [0, 2] },
    ]);
    const drawn = bars(view);
    expect(drawn.map((bar) => bar.title)).toEqual([
      'Mon · oa: 30 t',
      'Mon · an: 10 t',
      'Tue · an: 40 t',
      'Tue · Other: 2 t',
    ]);
    const [monOa, monAn, tueAn, tueOther] = drawn;
    // Both buckets total 40 or 42: the taller sets the scale; pieces sit on each other.
    expect(monOa?.x).toBe(monAn?.x);
    expect(monAn?.y).toBeCloseTo((monOa?.y ?? 0) - (monAn?.height ?? 0), 9);
    expect(tueOther?.y).toBeCloseTo((tueAn?.y ?? 0) - (tueOther?.height ?? 0), 9);
    expect((tueAn?.height ?? 0) + (tueOther?.height ?? 0)).toBeCloseTo(86, 9);
    expect((monOa?.height ?? 0) / (monAn?.height ?? 1)).toBeCloseTo(3, 9);
    expect(legend(view)).toEqual(['oa', 'an', 'Other']);
  });

  it('sets two stacks side by side, names each piece, and lists each group once with the note', () => {
    const view = render(
      [
        { name: 'oa', className: 'bar g1', stack: 'cost', barName: 'oa · Cost', values: [1, 0] },
        {
          name: 'oa',
          className: 'bar g1 faded',
          stack: 'value',
          barName: 'oa · API value',
          values: [3, 0],
        },
      ],
      'cost left, value right',
    );
    const [cost, value] = bars(view);
    expect(cost?.title).toBe('Mon · oa · Cost: 1 t');
    expect(value?.title).toBe('Mon · oa · API value: 3 t');
    expect(value?.x).toBeGreaterThan(cost?.x ?? Infinity);
    expect(legend(view)).toEqual(['oa']);
    expect(view.querySelector('figcaption')?.textContent).toContain('cost left, value right');
  });

  it('keeps plain series as separate bars, zeros included', () => {
    const view = render([
      { name: 'Cost', className: 'bar bar--cost', values: [0, 2] },
      { name: 'API value', className: 'bar bar--value', values: [1, 4] },
    ]);
    expect(bars(view).map((bar) => [bar.title, bar.height])).toEqual([
      ['Mon · Cost: 0 t', 0],
      ['Mon · API value: 1 t', 86 / 4],
      ['Tue · Cost: 2 t', 86 / 2],
      ['Tue · API value: 4 t', 86],
    ]);
    expect(legend(view)).toEqual(['Cost', 'API value']);
  });
});
