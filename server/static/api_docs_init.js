// Starts Swagger UI on the spec URL named by the page (kept out of the HTML for a strict CSP).
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({ url: root.dataset.specUrl, dom_id: "#swagger-ui" });
