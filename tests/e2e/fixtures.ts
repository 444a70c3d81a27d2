// The one place e2e specs take `test` and `expect` from (issue 12: axe runs on every page the
// e2e tests visit). Specs import from "./fixtures", never from "@playwright/test" directly.
export { expect, test } from "@playwright/test";
