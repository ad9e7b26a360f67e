/** Time left until an instant, ticking each second; `render` wraps it in words. */
import { formatCountdown } from '../format';
import { useNow } from './useNow';

export function Countdown({ until, render }: { until: number; render: (text: string) => string }) {
  const now = useNow();
  return (
    <time dateTime={new Date(until).toISOString()} title={new Date(until).toLocaleString()}>
      {render(formatCountdown(until, now))}
    </time>
  );
}
