// A table box that scrolls (narrow screens) must be reachable by keyboard: it gets a tab stop
// and a name (its table's caption or the nearest heading) only while it actually scrolls.
export function keyboardScrollableTables(root) {
  const boxes = [...root.querySelectorAll(".table-responsive")];
  const update = (box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        const caption = box.querySelector("caption");
        box.setAttribute("aria-label", (caption?.textContent || document.title).trim());
      }
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  };
  boxes.forEach(update);
  if (typeof ResizeObserver === "function") {
    const observer = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
    boxes.forEach((box) => observer.observe(box));
  }
}
