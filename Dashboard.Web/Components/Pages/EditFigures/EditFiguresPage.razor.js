// Spreadsheet keys for the data-entry grid: Enter and ↑/↓ move to the same column in the next or previous row
// (Tab and Shift+Tab move along the row as in any form). Selects keep their arrows for choosing.
const handlers = new WeakMap();

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
    const next = grid.querySelector(`[data-row="${Number(cell.dataset.row) + step}"][data-col="${cell.dataset.col}"]`);
    if (next) {
      event.preventDefault();
      cell.dispatchEvent(new Event('change', { bubbles: true }));
      next.focus();
      next.select?.();
    }
  };
  grid.addEventListener('keydown', onKeyDown);
  handlers.set(grid, onKeyDown);
  grid.dataset.keys = 'ready'; // for tests and tools: the keys work from now on
}

export function detach(grid) {
  const onKeyDown = handlers.get(grid);
  if (onKeyDown) grid.removeEventListener('keydown', onKeyDown);
  handlers.delete(grid);
}
