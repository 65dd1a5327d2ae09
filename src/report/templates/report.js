(() => {
  // Ranking tables: each header is a button; numbers sort numerically, unknowns (empty
  // data-value) always last, ties keep the rank order.
  for (const table of document.querySelectorAll('table.sortable')) {
    const headers = Array.from(table.tHead.rows[0].cells);
    for (const th of headers) {
      const button = th.querySelector('button');
      if (button) button.addEventListener('click', () => sortBy(table, th, headers));
    }
  }

  function sortBy(table, th, headers) {
    const current = th.getAttribute('aria-sort');
    const direction =
      current === 'ascending'
        ? 'descending'
        : current === 'descending'
          ? 'ascending'
          : th.dataset.first === 'desc'
            ? 'descending'
            : 'ascending';
    const column = th.cellIndex;
    const numeric = th.dataset.type !== 'text';
    const sign = direction === 'ascending' ? 1 : -1;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const sortKey = (row) => row.cells[column].dataset.value;
    rows.sort((a, b) => {
      const x = sortKey(a);
      const y = sortKey(b);
      let order = 0;
      if (x === '' || y === '') order = (x === '') - (y === '');
      else order = sign * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
      return order || Number(a.dataset.rank) - Number(b.dataset.rank);
    });
    body.append(...rows);
    for (const header of headers) header.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', direction);
  }

  // A closed <details> prints closed: open the prompt and rubric for paper.
  window.addEventListener('beforeprint', () => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });

  // Outputs per article: every article is in the page; show one at a time.
  const select = document.getElementById('article-select');
  if (select) {
    const blocks = document.querySelectorAll('[data-article]');
    let shown = blocks[0];
    const show = (index) => {
      const next = blocks[index];
      if (!next || next === shown) return;
      shown.hidden = true;
      next.hidden = false;
      shown = next;
      select.value = String(index);
    };
    select.addEventListener('change', () => show(Number(select.value)));
    document.getElementById('article-prev').addEventListener('click', () => {
      show(Number(select.value) - 1);
    });
    document.getElementById('article-next').addEventListener('click', () => {
      show(Number(select.value) + 1);
    });
  }
})();
