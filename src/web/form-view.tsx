import type { Child } from 'hono/jsx';
import type { FieldErrors } from './form.js';

/** The id of a field's input, so the error summary can link to it. */
export function fieldId(name: string): string {
  return `field-${name}`;
}

/**
 * The list of every problem at the top of a form, each linking to its field; announced to screen
 * readers as an alert.
 */
export function ErrorSummary(props: { errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors).filter(
    (e): e is [string, string] => e[1] !== undefined,
  );
  if (entries.length === 0) return null;

  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>
              {props.labels[name] ?? name}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | null | undefined;
  error?: string | undefined;
  hint?: string;
}

function FieldShell(props: FieldProps & { children: Child }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={fieldId(props.name)}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${fieldId(props.name)}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" id={`${fieldId(props.name)}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [
    props.hint ? `${fieldId(props.name)}-hint` : '',
    props.error ? `${fieldId(props.name)}-error` : '',
  ].filter(Boolean);

  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A labelled text input showing its error and keeping what the user typed. */
export function TextField(
  props: FieldProps & { type?: string; required?: boolean; autocomplete?: string },
) {
  return (
    <FieldShell {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

/** A labelled multi-line text input. */
export function TextAreaField(props: FieldProps & { required?: boolean }) {
  return (
    <FieldShell {...props}>
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

/** A labelled select; `options` are [value, label] pairs, with an optional empty first choice. */
export function SelectField(
  props: FieldProps & { options: ReadonlyArray<readonly [string, string]>; empty?: string },
) {
  return (
    <FieldShell {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
