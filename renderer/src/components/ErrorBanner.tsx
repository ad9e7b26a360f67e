/** A failed call, said in words, with a way to try again. */
import { strings } from '../../../core/shared/strings/dashboard.js';

export function ErrorBanner({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <span>{message}</span>
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          {strings.errors.retry}
        </button>
      )}
    </div>
  );
}
