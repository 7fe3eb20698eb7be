// The official layout of an issue, for print: what kanwu-print.css cannot
// say. Run on the issue laid out with html.kw-print, before it is printed:
// by kanwu (generator/build/pdf.py) for a document's PDF, and in a reader's
// browser when it is about to print an issue page.
(() => {
  // Marks that may not begin a line (避头): a line that ends just before one
  // gives its last character to the next line, which leaves it 27 characters
  // stretched. Word lets the mark hang into the margin instead, keeping 28
  // to the line; so do we, by giving the mark no width where it ends a line.
  const closing = new Set("，。、；：？！”’）》」』】〕〉…—·");

  function characters(block) {
    const found = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        if (node.data[i].trim() === "") continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) found.push({ node, i, char: node.data[i], top: rect.top });
      }
    }
    return found;
  }

  function sameLine(a, b, pitch) {
    return Math.abs(a.top - b.top) < pitch / 2;
  }

  function hang(found, pitch) {
    // The first mark standing second on its line, after a character the
    // line above could not take only because of the mark.
    for (let k = 1; k + 1 < found.length; k++) {
      const next = found[k + 1];
      if (
        !sameLine(found[k], found[k - 1], pitch) &&
        closing.has(next.char) &&
        sameLine(next, found[k], pitch) &&
        !next.node.parentElement.className.startsWith("kw-hang")
      ) {
        const range = document.createRange();
        range.setStart(next.node, next.i);
        range.setEnd(next.node, next.i + 1);
        const span = document.createElement("span");
        span.className = "kw-hang";
        range.surroundContents(span);
        return span;
      }
    }
    return null;
  }

  function hangMarks(issue, pitch) {
    for (const block of issue.querySelectorAll(".kw-report__body p, .kw-note p, .kw-report__body li")) {
      for (let tries = 0; tries < 200; tries++) {
        const span = hang(characters(block), pitch);
        if (!span) break;
        // Kept only if the mark now ends its line; otherwise it would sit on
        // the next character, so it takes its width again.
        const after = characters(block);
        const at = after.findIndex((c) => c.node.parentElement === span);
        if (at + 1 < after.length && sameLine(after[at + 1], after[at], pitch)) {
          span.className = "kw-hang-refused";
        }
      }
    }
  }

  function layout() {
    const issue = document.querySelector(".kw-issue");
    if (!issue) return;
    // A document (PDF) has no pages to link to: its links become text.
    if ("kwDocument" in document.documentElement.dataset) {
      for (const link of document.querySelectorAll("a[href]")) link.removeAttribute("href");
    }
    const pitch = parseFloat(getComputedStyle(issue).lineHeight);
    const page = 22 * pitch;
    hangMarks(issue, pitch);
    // Every block ends on the line grid: a table or picture is followed by
    // whole lines, so the lines after it stay on the grid.
    for (const block of issue.querySelectorAll(".kw-report__body > *, .kw-note > *")) {
      const height = block.getBoundingClientRect().height;
      const over = height % pitch;
      if (over > 0.5 && pitch - over > 0.5) {
        block.style.marginBottom = pitch - over + "px";
        block.dataset.kwGrid = "";
      }
    }
    // The 版记 ends on the foot of the last page (the issue's height in lines
    // is its height on the pages, every line being on the grid). Its bottom
    // padding (the last line's half-leading) stands below the 22nd line, in
    // the room the page's content box keeps for it.
    const spacer = issue.querySelector(".kw-spacer");
    const colophon = issue.querySelector(".kw-colophon");
    if (!spacer || !colophon) return;
    const leading = parseFloat(getComputedStyle(colophon).paddingBottom);
    const top = issue.getBoundingClientRect().top;
    const end = colophon.getBoundingClientRect().bottom - top - leading;
    const last = Math.ceil(end / page - 1e-3) * page;
    spacer.style.height = Math.max(0, last - end - 0.5) + "px";
  }

  function undo() {
    document.documentElement.classList.remove("kw-print");
    for (const span of document.querySelectorAll(".kw-hang, .kw-hang-refused")) {
      span.replaceWith(...span.childNodes);
    }
    for (const block of document.querySelectorAll("[data-kw-grid]")) {
      block.style.removeProperty("margin-bottom");
      if (!block.getAttribute("style")) block.removeAttribute("style");
      delete block.dataset.kwGrid;
    }
    const spacer = document.querySelector(".kw-spacer");
    if (spacer) spacer.removeAttribute("style");
    document.normalize();
  }

  window.kanwuPrintLayout = layout;
  // A reader printing an issue page gets the issue's official layout: the
  // browser lays the page out for print after this, with the same widths
  // and faces, so the lines break as measured here.
  addEventListener("beforeprint", () => {
    if (!document.querySelector(".kw-issue") || document.documentElement.classList.contains("kw-print")) return;
    document.documentElement.classList.add("kw-print");
    document.documentElement.dataset.kwPrinting = "";
    layout();
  });
  addEventListener("afterprint", () => {
    if (!("kwPrinting" in document.documentElement.dataset)) return;
    delete document.documentElement.dataset.kwPrinting;
    undo();
  });
})();
