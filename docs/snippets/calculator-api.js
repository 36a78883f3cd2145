await window.calculator.ready;
const result = await window.calculator.calculate({
  action: "quote", region: "guangzhou", scheme: "employee", base: "8000",
  gap_start: "2025-03", gap_end: "2025-05", paid_on: "2025-07-10",
});
console.log(result.error ? result.error.message : result.totals.total);
