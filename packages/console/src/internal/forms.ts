import { html, nothing, type ReactiveElement } from 'lit';

/** The first message per top-level field of a schema's refusal: `{points: 'must not be zero'}`. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

/** After the errors render, the first field marked invalid takes the focus (its error is read with it). */
export async function focusInvalid(host: ReactiveElement) {
  await host.updateComplete;
  host.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * A labelled control with its hint and its error: `control` renders the input or select with
 * the id `id`, `aria-invalid` and `aria-describedby` it is given (`described` '' for none).
 */
export function field(
  id: string,
  label: string,
  error: string | undefined,
  control: (invalid: 'true' | 'false', described: string) => unknown,
  hint?: string,
) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim();
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${control(error ? 'true' : 'false', described)}
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : nothing}
  </div>`;
}
