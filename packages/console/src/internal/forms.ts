import type { ReactiveElement } from 'lit';

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
