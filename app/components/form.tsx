import type { ReactNode } from "react";

/** A labelled form field with its error linked through aria-describedby. */
export function Field(props: {
  name: string; label: string; type?: string; defaultValue?: string | number; error?: string; required?: boolean;
  autoComplete?: string; hint?: ReactNode; inputMode?: "numeric" | "decimal" | "email" | "text"; min?: number; step?: string;
}) {
  const id = `f-${props.name}`;
  const describedBy = [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <span id={`${id}-hint`} className="muted small">{props.hint}</span> : null}
      <input
        id={id} name={props.name} type={props.type ?? "text"} defaultValue={props.defaultValue}
        required={props.required} autoComplete={props.autoComplete} inputMode={props.inputMode}
        min={props.min} step={props.step}
        aria-invalid={props.error ? true : undefined} aria-describedby={describedBy}
      />
      {props.error ? <span id={`${id}-error`} className="field-error">{props.error}</span> : null}
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return <div className="alert alert-error" role="alert">{message}</div>;
}
