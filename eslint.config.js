import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["build/**", "build-*/**", "bench/out/**", "reports/**", "app/generated/**", "node_modules/**", "tests/.tmp/**", "test-results/**", "playwright-report/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "error",
      // Money is never a JS float (DESIGN.md §3): parseFloat/toFixed on numbers are banned.
      "no-restricted-globals": ["error", { name: "parseFloat", message: "Money is never a JS float: use parseAmount (decimal.js)." }],
      "no-restricted-properties": ["error", { object: "Number", property: "parseFloat", message: "Use parseAmount (decimal.js)." }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
