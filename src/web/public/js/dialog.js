// Every action asks for confirmation in a modal dialog, and shows the API's refusal in plain
// words inside it, next to the field it concerns when the API names one.
import { h, uid } from './dom.js';
import { errorText, t } from './i18n.js';

/** The API's refusal as a readable block: what it means, then the server's explanation. */
export function errorBlock(error) {
  const { lead, detail } = errorText(error);
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('p', { class: 'error-lead' }, lead),
    detail ? h('p', { class: 'error-detail' }, detail) : null,
  );
}

function fieldControl(field, id, describedBy) {
  const common = {
    id,
    name: field.name,
    required: field.required || null,
    'aria-describedby': describedBy || null,
  };
  switch (field.kind) {
    case 'textarea':
      return h('textarea', { ...common, rows: field.rows ?? 4, value: field.value ?? '' });
    case 'datetime':
      return h('input', { ...common, type: 'datetime-local', value: field.value ?? '' });
    case 'select':
      return h(
        'select',
        common,
        field.options.map((o) =>
          h('option', { value: o.value, selected: o.value === field.value }, o.label),
        ),
      );
    default:
      return h('input', { ...common, type: 'text', value: field.value ?? '', autocomplete: 'off' });
  }
}

/** A labelled form control with its hint and a slot for its error; radios become a fieldset. */
export function formField(field) {
  const id = uid(field.name);
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  if (field.kind === 'radio') {
    return h(
      'fieldset',
      { class: 'field radios', dataset: { field: field.name }, 'aria-describedby': errorId },
      h('legend', {}, field.label),
      field.options.map((option) => {
        const optionId = uid(field.name);
        const helpId = option.help ? `${optionId}-help` : null;
        return h(
          'div',
          { class: 'radio' },
          h('input', {
            type: 'radio',
            id: optionId,
            name: field.name,
            value: option.value,
            checked: option.value === field.value,
            'aria-describedby': helpId,
          }),
          h('label', { for: optionId }, option.label),
          option.help ? h('p', { class: 'hint', id: helpId }, option.help) : null,
        );
      }),
      error,
    );
  }
  return h(
    'div',
    { class: 'field', dataset: { field: field.name } },
    h('label', { for: id }, field.label),
    field.hint ? h('p', { class: 'hint', id: hintId }, field.hint) : null,
    fieldControl(field, id, [hintId, errorId].filter(Boolean).join(' ')),
    error,
  );
}

/** Marks a field invalid with a message (or clears it). */
export function setFieldError(container, name, message) {
  const field = container.querySelector(`[data-field="${name}"]`);
  if (!field) return false;
  const error = field.querySelector('.field-error');
  error.textContent = message ?? '';
  error.hidden = !message;
  for (const control of field.querySelectorAll('input, textarea, select')) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return true;
}

export function formValues(form, fields) {
  const values = {};
  for (const field of fields) {
    if (field.kind === 'radio') {
      values[field.name] = form.querySelector(`input[name="${field.name}"]:checked`)?.value ?? '';
    } else {
      values[field.name] = form.elements[field.name]?.value?.trim() ?? '';
    }
  }
  return values;
}

/** Whether a field with `shownWhen: { field, value }` applies to the values chosen so far. */
const applies = (field, values) =>
  !field.shownWhen || values[field.shownWhen.field] === field.shownWhen.value;

/**
 * Opens a modal that asks to confirm an action. `onConfirm(values)` sends it; if the API
 * refuses, the dialog stays open with the reason; on success it closes. A field with
 * `shownWhen` shows only while another field has that value; hidden, it is neither checked
 * nor sent.
 */
export function confirmDialog({
  title,
  explanation,
  summary,
  fields = [],
  confirmLabel,
  validate,
  onConfirm,
}) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const problems = h('div', { class: 'dialog-problems' });
  const confirmButton = h(
    'button',
    { type: 'submit', class: 'primary' },
    confirmLabel ?? t('confirm'),
  );
  const cancelButton = h('button', { type: 'button', class: 'secondary' }, t('cancel'));
  const form = h(
    'form',
    { novalidate: true },
    h('h2', { id: titleId }, title),
    explanation ? h('p', { class: 'explanation' }, explanation) : null,
    summary ?? null,
    fields.map(formField),
    problems,
    h('div', { class: 'buttons' }, confirmButton, cancelButton),
  );
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
  const showApplicable = () => {
    const values = formValues(form, fields);
    for (const field of fields.filter((f) => f.shownWhen)) {
      const wrapper = form.querySelector(`[data-field="${field.name}"]`);
      if (wrapper) wrapper.hidden = !applies(field, values);
    }
  };
  form.addEventListener('change', showApplicable);
  showApplicable();
  cancelButton.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && document.contains(opener)) opener.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const values = formValues(form, fields);
    for (const field of fields) if (!applies(field, values)) values[field.name] = '';
    let invalid = null;
    for (const field of fields) {
      let message = null;
      if (applies(field, values)) {
        message =
          field.required && !values[field.name]
            ? t('required')
            : (validate?.(field.name, values) ?? null);
      }
      setFieldError(form, field.name, message);
      if (message && !invalid) invalid = field.name;
    }
    if (invalid) {
      form
        .querySelector(
          `[data-field="${invalid}"] input, [data-field="${invalid}"] textarea, [data-field="${invalid}"] select`,
        )
        ?.focus();
      return;
    }
    confirmButton.disabled = true;
    cancelButton.disabled = true;
    confirmButton.textContent = t('sending');
    try {
      await onConfirm(values);
      dialog.close();
    } catch (error) {
      confirmButton.disabled = false;
      cancelButton.disabled = false;
      confirmButton.textContent = confirmLabel ?? t('confirm');
      for (const problem of error.details?.fields ?? []) {
        setFieldError(form, problem.field, problem.problems.join('; '));
      }
      const block = errorBlock(error);
      block.tabIndex = -1;
      problems.append(block);
      block.focus();
    }
  });

  document.body.append(dialog);
  dialog.showModal();
  (form.querySelector('input, textarea, select') ?? confirmButton).focus();
  return dialog;
}
