// Spreadsheet keys for the data-entry grid: Enter and ↑/↓ move to the same column in the next or previous row
// (Tab and Shift+Tab move along the row as in any form). Selects keep their arrows for choosing.
// Pasting several lines copied from Excel or WPS fills the rows below (and the columns to the right, for cells
// separated by tabs), as a spreadsheet would, instead of putting all of it into one box.
const handlers = new WeakMap();

const cellAt = (grid, row, col) => grid.querySelector(`[data-row="${row}"][data-col="${col}"]`);

function put(cell, text) {
  if (cell.tagName === 'SELECT') {
    const wanted = text.trim();
    const option = [...cell.options].find(o => o.value === wanted || o.text.trim() === wanted || o.text.startsWith(wanted));
    if (!option) return;
    cell.value = option.value;
  } else {
    cell.value = text.trim();
  }
  cell.dispatchEvent(new Event('input', { bubbles: true }));
  cell.dispatchEvent(new Event('change', { bubbles: true }));
}

export function attach(grid) {
  const onKeyDown = event => {
    const cell = event.target.closest?.('[data-row][data-col]');
    if (!cell) return;
    const isSelect = cell.tagName === 'SELECT';
    let step = 0;
    if (event.key === 'Enter') step = event.shiftKey ? -1 : 1;
    else if (!isSelect && event.key === 'ArrowDown') step = 1;
    else if (!isSelect && event.key === 'ArrowUp') step = -1;
    if (!step) return;
    const next = cellAt(grid, Number(cell.dataset.row) + step, cell.dataset.col);
    if (next) {
      event.preventDefault();
      cell.dispatchEvent(new Event('change', { bubbles: true }));
      next.focus();
      next.select?.();
    }
  };
  const onPaste = event => {
    const cell = event.target.closest?.('input[data-row][data-col]');
    const text = event.clipboardData?.getData('text/plain') ?? '';
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    if (!cell || (lines.length < 2 && !lines[0].includes('\t'))) return;   // one value: the box takes it as usual
    event.preventDefault();
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    lines.forEach((line, i) => line.split('\t').forEach((value, j) => {
      const target = cellAt(grid, row + i, col + j);
      if (target) put(target, value);
    }));
  };
  grid.addEventListener('keydown', onKeyDown);
  grid.addEventListener('paste', onPaste);
  handlers.set(grid, { onKeyDown, onPaste });
  grid.dataset.keys = 'ready'; // for tests and tools: the keys work from now on
}

// After a refused save: the first row with a problem comes into view with its value box focused.
export function focusFirstProblem(grid) {
  const row = grid.querySelector('.edit-problem')?.closest('tr');
  const input = row?.querySelector('[data-col="0"]');
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  input?.focus();
}

export function detach(grid) {
  const entry = handlers.get(grid);
  if (entry) {
    grid.removeEventListener('keydown', entry.onKeyDown);
    grid.removeEventListener('paste', entry.onPaste);
  }
  handlers.delete(grid);
}
