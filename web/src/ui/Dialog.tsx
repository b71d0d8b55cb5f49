import { useEffect, useId, useRef, type ReactNode } from 'react';
import { t } from '../i18n/catalogue.ts';

/**
 * A modal dialog on the native `<dialog>`: the browser keeps focus inside it and Escape closes it.
 * Focus returns to what had it before, as it should for keyboard users.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) {
      const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      return () => {
        if (dialog.open) dialog.close();
        previous?.focus();
      };
    }
    return undefined;
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <div className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <button type="button" className="button button--ghost dialog__close" onClick={onClose}>
              {t('form.close')}
            </button>
          </div>
          <div className="dialog__body">{children}</div>
          {footer === undefined ? null : <div className="dialog__footer">{footer}</div>}
        </>
      ) : null}
    </dialog>
  );
}

/** A yes/no question before something that cannot be undone (delete, terminate…). */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  onConfirm,
  onClose,
  busy,
}: {
  open: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  busy?: boolean;
}) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            className="button button--danger"
            onClick={onConfirm}
            disabled={busy === true}
          >
            {confirmLabel}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </>
      }
    >
      {body}
    </Dialog>
  );
}
