/** An inline "remove X?" question with cancel (focused first) and confirm buttons. */
export interface ConfirmRemoveProps {
  label: string;
  question: string;
  cancel: string;
  confirm: string;
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
}

export function ConfirmRemove(props: ConfirmRemoveProps) {
  return (
    <div className="combo-item__confirm" role="group" aria-label={props.label}>
      <p>{props.question}</p>
      <div className="combo-item__actions">
        <button type="button" className="button button--quiet" autoFocus onClick={props.onCancel}>
          {props.cancel}
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirm}
        </button>
      </div>
    </div>
  );
}
