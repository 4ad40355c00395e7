// Small enhancements; every page works without them.
'use strict';

function setupCopyButtons() {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const field = document.getElementById(button.dataset.copy);
      const status = button.closest('.share')?.querySelector('.copy-status');
      if (!field) return;
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand('copy');
      }
      if (status) status.textContent = button.dataset.copied || '';
    });
  }
}

/** A file dropped anywhere on the verify form is put into its file field. */
function setupDropZone() {
  const form = document.querySelector('form.verify-form.upload');
  const input = form?.querySelector('input[type=file]');
  if (!form || !input) return;
  form.addEventListener('dragover', (event) => {
    event.preventDefault();
    form.classList.add('dragging');
  });
  form.addEventListener('dragleave', () => form.classList.remove('dragging'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    form.classList.remove('dragging');
    if (event.dataTransfer?.files?.length) input.files = event.dataTransfer.files;
  });
}

/** After a check, move focus to the outcome so keyboard and screen-reader users land on it. */
function focusOutcome() {
  const outcome = document.getElementById('outcome');
  if (outcome) outcome.focus();
}

window.addEventListener('DOMContentLoaded', () => {
  setupCopyButtons();
  setupDropZone();
  focusOutcome();
});
