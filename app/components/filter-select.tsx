/**
 * A labelled select for a GET filter form: its first option ("Alle vakken") is the empty value,
 * meaning "no filter". The catalogue's filters are its users.
 */
import type { SelectOption } from "./form";

export function FilterSelect(props: {
  name: string;
  label: string;
  allLabel: string;
  options: readonly SelectOption[];
  value: string | number | null | undefined;
}) {
  const id = `f-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value == null ? "" : String(props.value)}>
        <option value="">{props.allLabel}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
