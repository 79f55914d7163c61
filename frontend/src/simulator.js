// The simulator's and the advisor's enhancements (the pages work without them):
// - after a submit, focus moves to the error summary, else to the results' heading (both have
//   tabindex="-1"; the results also announce themselves through a role="status" line);
// - an empty salary shows, as its placeholder, the observatory's regional salary of its
//   profile in the chosen region: what the simulator uses when it is left empty;
// - a "Print" button where the page offers one.

function regionalSalaries(root) {
  const data = root.getElementById("regional-salaries");
  if (!data) return null;
  try {
    return JSON.parse(data.textContent || "{}");
  } catch {
    return null;
  }
}

function prefillSalaries(root) {
  const form = root.querySelector("form[data-simulator]");
  const salaries = regionalSalaries(root);
  if (!form || !salaries) return;
  const region = form.querySelector("[name=region]");
  const update = () => {
    const known = salaries[region.value] || {};
    for (const input of form.querySelectorAll("input[name$=_salary]")) {
      const group = input.name.replace(/_salary$/, "");
      const profile = form.querySelector(`[name=${group}_profile]`);
      const amount = known[(profile && profile.value) || "bpo"];
      input.placeholder = amount || "";
      input.dataset.regionalSalary = amount || "";
    }
  };
  form.addEventListener("change", (event) => {
    const name = event.target && event.target.name;
    if (name === "region" || (name && name.endsWith("_profile"))) update();
  });
  if (region) update();
}

function moveFocus(root) {
  const target =
    root.querySelector("[data-error-summary]") || root.querySelector("[data-results-heading]");
  if (target) {
    target.focus();
    target.scrollIntoView({ block: "start" });
  }
}

function printButtons(root) {
  for (const button of root.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
}

export function enhanceAnswers(root) {
  prefillSalaries(root);
  printButtons(root);
  moveFocus(root);
}
