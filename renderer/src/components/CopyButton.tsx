/** A copy-to-clipboard button that says, for screen readers too, whether the copy worked. */
import { useEffect, useState } from 'react';
import { strings } from '../../../core/shared/strings/dashboard.js';

type CopyResult = 'idle' | 'copied' | 'failed';

const RESET_AFTER_MS = 2_000;

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [result, setResult] = useState<CopyResult>('idle');

  useEffect(() => {
    if (result === 'idle') return;
    const timer = window.setTimeout(() => setResult('idle'), RESET_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [result]);

  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setResult('copied'),
      () => setResult('failed'),
    );
  };

  return (
    <span className="copy">
      <button
        type="button"
        className="button"
        onClick={copy}
        aria-label={strings.endpoint.copyLabel(what)}
      >
        {result === 'copied' ? strings.endpoint.copied : strings.endpoint.copy}
      </button>
      <span className="copy__feedback" role="status">
        {result === 'failed' && strings.endpoint.copyFailed}
        {result === 'copied' && <span className="visually-hidden">{strings.endpoint.copied}</span>}
      </span>
    </span>
  );
}
