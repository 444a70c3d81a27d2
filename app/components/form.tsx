/**
 * The one set of form field components (STYLE.md, "Routes"). Each takes conform's field metadata
 * (`meta`, from `useSchemaForm`) for its id, name, value as last sent, and errors, and renders a
 * visible label, an optional hint, and the error linked through aria-describedby.
 *
 * `error` beside `meta` overrides the field's own message ("" hides it where the form shows one
 * message for a group, as beheer.titels.$titleId's learning goals; the quantity field of
 * winkelwagen._index shows the form's error there too).
 */
import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import type { ReactNode } from "react";
import type { input, output, ZodTypeAny } from "zod";

/** What the components read from conform's FieldMetadata (any schema's field satisfies it). */
export interface FieldMeta {
  id: string;
  name: string;
  errorId: string;
  descriptionId: string;
  errors?: string[] | undefined;
  key?: string | undefined;
  initialValue?: unknown;
}

/**
 * conform's useForm for one zod schema, the same schema the action parses: validated in the
 * browser on submit (then on blur and input), and always again on the server. Without
 * JavaScript the form posts as-is and the action's result brings errors and values back.
 */
export function useSchemaForm<Schema extends ZodTypeAny>(
  schema: Schema,
  options: {
    id?: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<input<Schema>>;
  } = {},
) {
  return useForm<input<Schema>, output<Schema>, string[]>({
    id: options.id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

interface Ids {
  id: string;
  name: string;
  errorId: string;
  hintId: string;
  error?: string;
  key?: string;
}

/**
 * Each property read of conform's metadata builds its metadata object anew (a Proxy per read), so
 * every property is read once; the error and hint ids are the field id's, as conform names them
 * (`<id>-error`, `<id>-description`), without two more reads.
 */
function idsOf(props: { meta: FieldMeta; error?: string; id?: string }): Ids {
  const m = props.meta;
  const fieldId = m.id;
  return {
    id: props.id ?? fieldId,
    name: m.name,
    errorId: `${fieldId}-error`,
    hintId: `${fieldId}-description`,
    error: props.error ?? m.errors?.[0],
    key: m.key,
  };
}

function initialText(meta: FieldMeta, fallback: string | number | undefined): string | number | undefined {
  const v = meta.initialValue;
  return typeof v === "string" ? v : fallback;
}

function describedBy(ids: Ids, hint: ReactNode): string | undefined {
  return [ids.error ? ids.errorId : null, hint ? ids.hintId : null].filter(Boolean).join(" ") || undefined;
}

interface Common {
  meta: FieldMeta;
  id?: string;
  label: ReactNode;
  /** Overrides the field's own message ("" hides it); see the header. */
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** The label is read by screen readers but not shown (a field in a table row whose column header says it). */
  hideLabel?: boolean;
}

function Label({ ids, props }: { ids: Ids; props: Common }) {
  return (
    <label htmlFor={ids.id} className={props.hideLabel ? "visually-hidden" : undefined}>
      {props.label}
    </label>
  );
}

function Hint({ ids, hint }: { ids: Ids; hint: ReactNode }) {
  return hint ? (
    <span id={ids.hintId} className="muted small">
      {hint}
    </span>
  ) : null;
}

function FieldError({ ids }: { ids: Ids }) {
  return ids.error ? (
    <span id={ids.errorId} className="field-error">
      {ids.error}
    </span>
  ) : null;
}

/** A labelled text-like input. */
export function Field(
  props: Common & {
    type?: string;
    defaultValue?: string | number;
    autoComplete?: string;
    inputMode?: "numeric" | "decimal" | "email" | "text";
    min?: number;
    max?: number;
    step?: string;
    minLength?: number;
    maxLength?: number;
    placeholder?: string;
    className?: string;
    list?: string;
  },
) {
  const ids = idsOf(props);
  return (
    <div className={props.className ?? "field"}>
      <Label ids={ids} props={props} />
      <Hint ids={ids} hint={props.hint} />
      <input
        list={props.list}
        key={ids.key}
        id={ids.id}
        name={ids.name}
        type={props.type ?? "text"}
        defaultValue={props.type === "password" ? undefined : initialText(props.meta, props.defaultValue)}
        required={props.required}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        step={props.step}
        minLength={props.minLength}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        aria-invalid={ids.error ? true : undefined}
        aria-describedby={describedBy(ids, props.hint)}
      />
      <FieldError ids={ids} />
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled select; `placeholder` adds a first option with the empty value. */
export function Select(
  props: Common & { options: readonly SelectOption[]; defaultValue?: string; placeholder?: string; className?: string },
) {
  const ids = idsOf(props);
  return (
    <div className={props.className ?? "field"}>
      <Label ids={ids} props={props} />
      <Hint ids={ids} hint={props.hint} />
      <select
        key={ids.key}
        id={ids.id}
        name={ids.name}
        defaultValue={initialText(props.meta, props.defaultValue)}
        required={props.required}
        aria-invalid={ids.error ? true : undefined}
        aria-describedby={describedBy(ids, props.hint)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError ids={ids} />
    </div>
  );
}

/** A checkbox with its label after it. */
export function Checkbox(props: Common & { value?: string; defaultChecked?: boolean }) {
  const ids = idsOf(props);
  const value = props.value ?? "on";
  const sent = props.meta.initialValue;
  const checked =
    sent === undefined ? props.defaultChecked : Array.isArray(sent) ? sent.includes(value) : sent === value;
  return (
    <div className="field-check">
      <input
        key={ids.key}
        id={ids.id}
        type="checkbox"
        name={ids.name}
        value={value}
        defaultChecked={checked}
        required={props.required}
        aria-invalid={ids.error ? true : undefined}
        aria-describedby={describedBy(ids, props.hint)}
      />
      <Label ids={ids} props={props} />
      <Hint ids={ids} hint={props.hint} />
      <FieldError ids={ids} />
    </div>
  );
}

/** A labelled multi-line text field. */
export function Textarea(props: Common & { defaultValue?: string; rows?: number; maxLength?: number }) {
  const ids = idsOf(props);
  return (
    <div className="field">
      <Label ids={ids} props={props} />
      <Hint ids={ids} hint={props.hint} />
      <textarea
        key={ids.key}
        id={ids.id}
        name={ids.name}
        defaultValue={initialText(props.meta, props.defaultValue)}
        rows={props.rows}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={ids.error ? true : undefined}
        aria-describedby={describedBy(ids, props.hint)}
      />
      <FieldError ids={ids} />
    </div>
  );
}

/** The form-level error (conform's `form.errors`, or a message), announced as an alert. */
export function FormError({ message, errors }: { message?: string | null; errors?: string[] | undefined }) {
  const text = message ?? errors?.[0];
  if (!text) return null;
  return (
    <div className="alert alert-error" role="alert">
      {text}
    </div>
  );
}

/** A success message from the action result, announced politely. */
export function FormSuccess({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert-ok" role="status">
      {message}
    </div>
  );
}

/**
 * A one-button form in a table row: posts `intent` and the row's id under `name` (a plain form
 * post, no JavaScript needed). `label` names the action and its row for screen readers.
 * `className` replaces the button's default `button-small` (e.g. "button-small button-secondary");
 * `disabled` lets the page block a second submit while one is under way.
 */
export function RowAction(props: {
  intent: string;
  name: string;
  value: string;
  label: string;
  className?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name={props.name} value={props.value} />
      <button
        type="submit"
        className={props.className ?? "button-small"}
        aria-label={props.label}
        disabled={props.disabled}
      >
        {props.children}
      </button>
    </Form>
  );
}
