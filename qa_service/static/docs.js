// Renders /openapi.json as a readable page; every string is inserted as text, never as HTML.
(async function () {
  const response = await fetch("/openapi.json");
  const spec = await response.json();
  document.getElementById("description").textContent = spec.info.description;
  const container = document.getElementById("paths");
  const resolve = (schema) => {
    if (schema && schema.$ref) {
      return spec.components.schemas[schema.$ref.split("/").pop()];
    }
    return schema;
  };
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const section = document.createElement("section");
      const title = document.createElement("h2");
      const badge = document.createElement("span");
      badge.className = "method " + method;
      badge.textContent = method.toUpperCase();
      const code = document.createElement("code");
      code.textContent = " " + path;
      title.append(badge, code);
      const summary = document.createElement("p");
      summary.textContent = operation.summary || "";
      section.append(title, summary);
      const body = operation.requestBody && operation.requestBody.content["application/json"];
      if (body) {
        const label = document.createElement("h3");
        label.textContent = "Request body";
        const pre = document.createElement("pre");
        pre.textContent = JSON.stringify(resolve(body.schema), null, 2);
        section.append(label, pre);
      }
      const codes = document.createElement("p");
      codes.textContent = "Responses: " + Object.keys(operation.responses).join(", ");
      section.append(codes);
      container.append(section);
    }
  }
})();
