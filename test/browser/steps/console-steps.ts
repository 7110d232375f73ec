/**
 * What staff do in the console, as steps the browser tests share: choose in a select or the unit
 * tree, press a button (antd spaces two-character Chinese labels: 受理 reads "受 理"), find a
 * case's row in a queue that may span pages, and take an action from the case's action forms.
 */
import type { Locator, Page } from 'playwright-core';

/** A button's accessible name, whatever spacing antd puts between its characters. */
export function named(text: string): RegExp {
  return new RegExp(`^\\s*${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s*')}\\s*$`);
}

export function button(scope: Page | Locator, text: string): Locator {
  return scope.getByRole('button', { name: named(text) });
}

/** The open dropdown of a Select or TreeSelect. */
function openDropdown(page: Page): Locator {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
}

/** Picks an option of the Select (or a unit of the UnitPicker) labelled `label`. */
export async function choose(page: Page, label: string, option: string, scope: Page | Locator = page): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  // An option clicked while the dropdown still slides in may be lost: wait for it to settle.
  const settled = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not(.ant-slide-up)');
  await settled.getByTitle(option, { exact: true }).first().click();
  // Until its closing motion ends, the dropdown's listbox is on screen (and unnamed, for axe).
  await openDropdown(page).first().waitFor({ state: 'detached' });
}

/** The form field's message (antd renders it under the field, `<form>_<field>_help`). */
export function fieldMessage(page: Page, formName: string, field: string): Locator {
  return page.locator(`#${formName}_${field}_help`);
}

/**
 * A queue's row for a case: the queue is read from the read model (written moments after the
 * workflow moves), and is paged, so reload until the row is there, following "加载更多".
 */
export async function queueRow(page: Page, path: string, petitionId: string, timeoutMs = 30_000): Promise<Locator> {
  const row = page.locator(`tr[data-petition-id="${petitionId}"]`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(path);
    await page.locator('.ant-table').first().waitFor();
    await page
      .locator('.ant-spin-spinning')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    for (;;) {
      if (await row.count()) return row.first();
      const more = button(page, '加载更多');
      if (!(await more.count())) break;
      await more.click();
      await page.waitForTimeout(300);
    }
    if (Date.now() > deadline) throw new Error(`no row for ${petitionId} in ${path}`);
    await page.waitForTimeout(1_000);
  }
}

/**
 * The row of a case in a table paged in the browser (antd pagination): other tests' cases share the
 * database, so it may be on a later page. Looked for by the table's own row class, not the
 * accessibility role (a table still settling after the menu's navigation can be out of the
 * accessibility tree for a moment), and looked for again from the first page until `timeoutMs`.
 */
export async function rowOnAnyPage(scope: Page | Locator, text: string, timeoutMs = 15_000): Promise<Locator> {
  const page = 'page' in scope ? scope.page() : scope;
  // Data rows, not the placeholder an empty or still loading table shows.
  const rows = scope.locator('.ant-table-tbody tr.ant-table-row');
  const row = rows.filter({ hasText: text });
  await rows.first().waitFor();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await row.count()) return row.first();
    const next = scope.locator('li.ant-pagination-next:not(.ant-pagination-disabled)');
    if (await next.count()) {
      await next.click();
      continue;
    }
    if (Date.now() > deadline) throw new Error(`no row with ${text} on any page`);
    await page.waitForTimeout(500);
    const firstPage = scope.locator('li.ant-pagination-item-1');
    if (await firstPage.count()) await firstPage.click();
  }
}

/** Opens an action's form from the case's action buttons; returns the dialog. */
export async function openAction(page: Page, label: string): Promise<Locator> {
  await button(page.getByTestId('case-actions').last(), label).click();
  const dialog = page.getByRole('dialog').filter({ hasText: label }).last();
  await dialog.waitFor();
  return dialog;
}

/** Submits the open action dialog and waits until it is gone (the API applied it). */
export async function submitAction(dialog: Locator): Promise<void> {
  await button(dialog, '提交').click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Types a date and time into the DatePicker labelled `label` and confirms it (确定). The panel
 * ignores a click while it is still sliding in, so wait for it to settle, and confirm again if a
 * click was lost.
 */
export async function pickInstant(
  page: Page,
  label: string,
  value: string,
  scope: Page | Locator = page,
): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  const open = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  const settled = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden):not(.ant-slide-up)');
  await input.click();
  await settled.first().waitFor();
  await input.fill(value);
  for (let attempt = 0; (await open.count()) > 0; attempt++) {
    if (attempt === 3) throw new Error(`the ${label} picker does not close`);
    await button(settled, '确定').click();
    await open
      .first()
      .waitFor({ state: 'detached', timeout: 3_000 })
      .catch(() => undefined);
  }
  if ((await input.inputValue()) !== value) throw new Error(`${label} shows ${await input.inputValue()}, not ${value}`);
}
