// journeylib's front-end piece, shipped with anywidget (no lab extension to build).
// One ConnectionGuard sits at the top of every journeylib view (the element with class
// jl-widget). It does three things in the page:
//  1. When the view's kernel connection is gone (ipywidgets marks every view of a model
//     whose comm is no longer live with the class "jupyter-widgets-disconnected": after a
//     kernel restart or shutdown, and for views drawn from the state saved in the notebook
//     after a page reload), it shows one line in the learner's language and disables every
//     input of the view, so no typing goes nowhere in silence.
//  2. Keys typed anywhere in the view never reach JupyterLab's shortcuts
//     (data-lm-suppress-shortcuts), and a click on an empty part of the view keeps the focus
//     in the view instead of handing it to the notebook (whose command-mode keys would
//     otherwise turn a cell into Markdown or Raw when the learner types).
//     After a kernel *shutdown* ipywidgets marks nothing, so the guard also asks the widget
//     manager for the notebook's kernel every two seconds: no kernel, a dead one, or another
//     kernel than the one the view was made with means the view is dead, for good.
//  3. It tells the kernel nothing and needs no kernel: it works on a dead page too.
const DEAD = "jupyter-widgets-disconnected";

function render({ model, el }) {
  el.classList.add("jl-guard");
  const banner = document.createElement("div");
  banner.className = "jl-guard-banner";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  el.appendChild(banner);
  const showText = () => { banner.textContent = model.get("message"); };
  showText();
  model.on("change:message", showText);

  let root = null;
  const disabledByUs = new Set();

  function setDead(dead) {
    banner.hidden = !dead;
    if (!root) return;
    root.classList.toggle("jl-dead", dead);
    if (dead) {
      root.setAttribute("aria-disabled", "true");
      for (const control of root.querySelectorAll("input, textarea, select, button")) {
        if (!control.disabled) { control.disabled = true; disabledByUs.add(control); }
      }
      for (const editable of root.querySelectorAll("[contenteditable='true']")) {
        editable.setAttribute("contenteditable", "false");
        disabledByUs.add(editable);
      }
    } else {
      root.removeAttribute("aria-disabled");
      for (const control of disabledByUs) {
        if (control.hasAttribute("contenteditable")) control.setAttribute("contenteditable", "true");
        else control.disabled = false;
      }
      disabledByUs.clear();
    }
  }

  // the kernel this view belongs to, where the widget manager tells (JupyterLab, Voila)
  const manager = model.widget_manager;
  const kernelOf = () => {
    try { return manager && "kernel" in manager ? manager.kernel : undefined; } catch (e) { return undefined; }
  };
  const first = kernelOf();
  const firstId = first ? first.id : null;
  let gone = false;  // sticky: a view's comm never comes back to life in another kernel
  function kernelGone() {
    if (gone || firstId === null) return gone;
    const kernel = kernelOf();
    gone = kernel === null || (kernel !== undefined && (kernel.id !== firstId || kernel.status === "dead" ||
                                                       kernel.isDisposed));
    return gone;
  }

  const isDead = () => el.classList.contains(DEAD) || (root !== null && root.classList.contains(DEAD)) ||
    kernelGone();
  const check = () => setDead(isDead());
  const poll = setInterval(() => { if (!gone && kernelGone()) check(); }, 2000);

  function keepFocus(event) {
    // a press on the view's own background: focus the view, not the notebook
    const target = event.target;
    if (target.closest("input, textarea, select, button, a, [contenteditable='true'], .widget-slider, .noUi-target")) return;
    event.stopPropagation();
    root.focus({ preventScroll: true });
  }

  const observer = new MutationObserver(check);
  let tries = 0;
  function attach() {
    root = el.closest(".jl-widget");
    if (!root) {
      if (++tries < 100) setTimeout(attach, 50);
      return;
    }
    root.setAttribute("data-lm-suppress-shortcuts", "true");
    // ... and on the control that has the focus: Lumino matches a shortcut whose selector
    // ends in ":focus" (ArrowUp/ArrowDown: the cell above/below) on the focused element
    // itself, before it looks for the attribute on its parents; a list or a slider then lost
    // its arrow keys to the notebook, and the focus with them (issue 15)
    root.addEventListener("focusin", (event) => {
      if (event.target instanceof Element) event.target.setAttribute("data-lm-suppress-shortcuts", "true");
    });
    if (!root.hasAttribute("tabindex")) root.setAttribute("tabindex", "-1");
    root.addEventListener("mousedown", keepFocus);
    observer.observe(root, { attributes: true, attributeFilter: ["class"] });
    // controls added later (a new row) while the view is dead are disabled too
    new MutationObserver(() => { if (isDead()) setDead(true); }).observe(root, { childList: true, subtree: true });
    check();
  }
  observer.observe(el, { attributes: true, attributeFilter: ["class"] });
  attach();
  check();
  return () => {
    clearInterval(poll);
    observer.disconnect();
    if (root) root.removeEventListener("mousedown", keepFocus);
  };
}

export default { render };
