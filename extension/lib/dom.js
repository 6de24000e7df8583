// Building DOM from data without ever parsing it as HTML: text goes in with textContent.

/**
 * el("a", {href, class: "x", onclick: fn}, "text", child) -> Element.
 * Attribute values are set with setAttribute; strings become text nodes.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace everything inside ``node`` with ``children``. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}
