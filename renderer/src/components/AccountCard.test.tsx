// @vitest-environment happy-dom
/** The account card in a DOM: state words, a meter with values, and the clear button's callback. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { account } from '../testing/fake-connection';
import { AccountCard } from './AccountCard';

// React only batches updates through act() where the environment says it is a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
afterEach(() => container.remove());

function render(node: React.ReactNode): HTMLDivElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(node));
  return container;
}

describe('AccountCard', () => {
  it('shows a cooling account with its reason, countdown, quota meter and a clear button', () => {
    const onClear = vi.fn();
    const view = render(
      <AccountCard
        account={account('pool-a', {
          state: 'cooling-down',
          stateDetail: 'Rate limited (429)',
          until: Date.now() + 90_000,
          quota: {
            accountId: 'pool-a',
            prefix: 'pool',
            windows: [
              {
                id: 'five_hour',
                label: '5-hour',
                kind: 'five_hour',
                usedPercent: 42.4,
                resetsAt: Date.now() + 3_600_000,
                source: 'headers',
                observedAt: Date.now(),
                estimated: false,
              },
            ],
          },
        })}
        clearing={false}
        onClear={onClear}
      />,
    );
    expect(view.textContent).toContain('Cooling down');
    expect(view.textContent).toMatch(/back in 1m 3\ds/);
    expect(view.textContent).toContain('Rate limited (429)');
    expect(view.textContent).toContain('response headers');
    const meter = view.querySelector('[role="meter"]');
    expect(meter?.getAttribute('aria-valuenow')).toBe('42');
    expect(meter?.getAttribute('aria-label')).toBe('5-hour: 42% used');
    const button = view.querySelector('button');
    act(() => button?.click());
    expect(onClear).toHaveBeenCalledWith('pool-a');
  });

  it('offers no clear button for an account that is ready', () => {
    const view = render(<AccountCard account={account('b')} clearing={false} onClear={vi.fn()} />);
    expect(view.textContent).toContain('Ready');
    expect(view.querySelector('button')).toBeNull();
  });
});
